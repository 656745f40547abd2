package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	gobmc "github.com/bougou/go-ipmi/pkg/bmc"
	"github.com/bougou/go-ipmi/pkg/clock"
	"github.com/bougou/go-ipmi/pkg/hal/mock"
	"github.com/bougou/go-ipmi/pkg/server"
	"github.com/bougou/go-ipmi/pkg/transport/udp"
)

// demoBMC is go-ipmi's reference BMC serving IPMI over UDP on 127.0.0.1,
// with a chassis whose power changes are logged.
type demoBMC struct {
	name    string
	port    int
	chassis *mock.Chassis
	stopped bool

	mu     sync.Mutex
	events []powerEvent
	close  func()
}

type powerEvent struct {
	at time.Time
	on bool
}

// startDemoBMC serves a powered-on BMC with one administrator on an
// ephemeral port.
func startDemoBMC(name, user, pass string) (*demoBMC, error) {
	h := mock.New()
	b := &demoBMC{name: name, chassis: h.Chassis().(*mock.Chassis)}
	b.chassis.On = true
	b.chassis.SetPowerHook = func(on bool) error { // called with the chassis locked
		b.chassis.On = on
		b.mu.Lock()
		b.events = append(b.events, powerEvent{at: time.Now(), on: on})
		b.mu.Unlock()
		return nil
	}
	dev := gobmc.New(gobmc.DeviceInfo{DeviceID: 32, IPMIVersion: 0x20, ManufacturerID: 0x000157, AdditionalDeviceSupport: 0x39},
		[16]byte{'d', 'e', 'm', 'o'}, h, gobmc.WithClock(clock.Real))
	if _, err := dev.Users.Add(2, user); err != nil {
		return nil, fmt.Errorf("bmc %s: %w", name, err)
	}
	err := dev.Users.Update(2, func(u *gobmc.User) error {
		u.SetPassword([]byte(pass))
		u.Enabled = true
		u.ChannelAccess[1] = gobmc.UserChannelAccess{MaxPrivilege: gobmc.PrivilegeLevelAdministrator, Enabled: true}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bmc %s: %w", name, err)
	}
	pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("bmc %s: %w", name, err)
	}
	b.port = pc.LocalAddr().(*net.UDPAddr).Port
	srv := server.NewServer(dev, udp.Wrap(pc))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ctx) }()
	var once sync.Once
	b.close = func() { once.Do(func() { cancel(); _ = srv.Close(); _ = pc.Close(); <-done }) }
	return b, nil
}

// Port is the BMC's UDP port, as text.
func (b *demoBMC) Port() string { return strconv.Itoa(b.port) }

// Stop takes the BMC off the network (a dead BMC: nothing answers).
func (b *demoBMC) Stop() {
	b.stopped = true
	b.close()
}

// Power reads the chassis state from the BMC side.
func (b *demoBMC) Power() string {
	on, _ := b.chassis.PowerState(context.Background())
	if on {
		return "on"
	}
	return "off"
}

// Events returns the power changes the BMC carried out.
func (b *demoBMC) Events() []powerEvent {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]powerEvent(nil), b.events...)
}
