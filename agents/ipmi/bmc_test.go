package ipmi

import (
	"context"
	"net"
	"strconv"
	"sync"
	"testing"

	gobmc "github.com/bougou/go-ipmi/pkg/bmc"
	"github.com/bougou/go-ipmi/pkg/clock"
	"github.com/bougou/go-ipmi/pkg/hal"
	"github.com/bougou/go-ipmi/pkg/hal/mock"
	"github.com/bougou/go-ipmi/pkg/server"
	"github.com/bougou/go-ipmi/pkg/transport/udp"
	"github.com/executioner-ha/executioner/ocf"
)

// testBMC is go-ipmi's reference BMC serving on 127.0.0.1, with a chassis
// whose power changes are recorded.
type testBMC struct {
	port    string
	chassis *mock.Chassis
	mu      sync.Mutex
	events  []string // every power change the BMC carried out: off, on, cycle
	ignore  bool     // accept power commands but leave the power as it is
}

// startBMC serves a BMC with one administrator (user, pass); the chassis
// starts powered on. It stops when the test ends. opts override the BMC's
// defaults (a real clock).
func startBMC(t testing.TB, user, pass string, opts ...gobmc.Option) *testBMC {
	t.Helper()
	return startBMCOn(t, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, user, pass, opts...)
}

// startBMCOn is startBMC listening on addr.
func startBMCOn(t testing.TB, addr *net.UDPAddr, user, pass string, opts ...gobmc.Option) *testBMC {
	t.Helper()
	h := mock.New()
	tb := &testBMC{chassis: h.Chassis().(*mock.Chassis)}
	tb.chassis.On = true
	tb.chassis.SetPowerHook = func(on bool) error { // runs with the chassis locked
		tb.mu.Lock()
		defer tb.mu.Unlock()
		if !tb.ignore {
			tb.chassis.On = on
			tb.events = append(tb.events, map[bool]string{false: "off", true: "on"}[on])
		}
		return nil
	}
	b := gobmc.New(gobmc.DeviceInfo{DeviceID: 32, IPMIVersion: 0x20, ManufacturerID: 0x000157, AdditionalDeviceSupport: 0x39},
		[16]byte{'e', 'x', 'e', 'c'}, &recHAL{HAL: h, ch: &recChassis{Chassis: tb.chassis, tb: tb}}, append([]gobmc.Option{gobmc.WithClock(clock.Real)}, opts...)...)
	if _, err := b.Users.Add(2, user); err != nil {
		t.Fatal(err)
	}
	err := b.Users.Update(2, func(u *gobmc.User) error {
		u.SetPassword([]byte(pass))
		u.Enabled = true
		u.ChannelAccess[1] = gobmc.UserChannelAccess{MaxPrivilege: gobmc.PrivilegeLevelAdministrator, Enabled: true}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pc, err := net.ListenUDP("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	tb.port = strconv.Itoa(pc.LocalAddr().(*net.UDPAddr).Port)
	srv := server.NewServer(b, udp.Wrap(pc))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ctx) }()
	t.Cleanup(func() { cancel(); _ = srv.Close(); _ = pc.Close(); <-done })
	return tb
}

// Power reads the chassis state from the BMC side.
func (tb *testBMC) Power() (ocf.Power, error) {
	on, err := tb.chassis.PowerState(context.Background())
	return ocf.Power(on), err
}

// Events returns the power changes so far and forgets them.
func (tb *testBMC) Events() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	ev := tb.events
	tb.events = nil
	return ev
}

// recHAL is go-ipmi's mock hardware with a chassis that records cycles.
type recHAL struct {
	*mock.HAL
	ch hal.ChassisHAL
}

func (h *recHAL) Chassis() hal.ChassisHAL { return h.ch }

type recChassis struct {
	*mock.Chassis
	tb *testBMC
}

// PowerCycle records the cycle; the mock leaves the power as it is.
func (c *recChassis) PowerCycle(ctx context.Context) error {
	c.tb.mu.Lock()
	c.tb.events = append(c.tb.events, "cycle")
	c.tb.mu.Unlock()
	return c.Chassis.PowerCycle(ctx)
}

// Ignore makes the BMC acknowledge power commands without acting on them.
func (tb *testBMC) Ignore(v bool) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.ignore = v
}

// silentPeer listens on UDP and either never answers (garbage nil) or
// answers every packet with garbage.
func silentPeer(t testing.TB, garbage func(in []byte) []byte) string {
	t.Helper()
	pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 2048)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if garbage != nil {
				_, _ = pc.WriteTo(garbage(buf[:n]), addr)
			}
		}
	}()
	t.Cleanup(func() { _ = pc.Close() })
	return strconv.Itoa(pc.LocalAddr().(*net.UDPAddr).Port)
}
