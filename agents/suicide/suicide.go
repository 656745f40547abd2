package suicide

import (
	"context"
	"fmt"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
	"github.com/godbus/dbus/v5"
)

// logind's bus name, object and interface.
const (
	Service   = "org.freedesktop.login1"
	Path      = dbus.ObjectPath("/org/freedesktop/login1")
	Interface = "org.freedesktop.login1.Manager"
)

// Agent is the suicide fence agent.
type Agent struct {
	// BusAddress is the D-Bus address of the bus logind is on; empty
	// means the system bus.
	BusAddress string
}

// New returns the agent, talking to the system bus.
func New() *Agent { return &Agent{} }

// FencesSelf reports true: fencing its own host is this agent's purpose.
func (a *Agent) FencesSelf() bool { return true }

// Metadata describes the agent.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := ocf.Plug("The node to fence; it must be the host the agent runs on")
	ps = append(ps, ocf.Common()...)
	actions := ocf.ActionSpecs(ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionList, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll)
	for i := range actions {
		// off and reboot run on the target itself: a fencer elsewhere must not
		// run them (it would power off its own host)
		actions[i].OnTarget = actions[i].Name.Fences()
	}
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Self-fencing through systemd-logind (reboots or powers off the local host only)",
		LongDesc:  "Reboots or powers off the host it runs on by asking systemd-logind over D-Bus; any other target is refused. For testing and for setups where a node must fence itself.",
		VendorURL: "https://github.com/executioner-ha/executioner",
		Params:    ps,
		Actions:   actions,
	}
}

// Run carries out one action.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	if c.Hostname == "" {
		return ocf.Errorf(ocf.ExitFailure, "the local host name is unknown")
	}
	ctx, cancel := context.WithTimeout(ctx, c.Params.Duration("power_timeout"))
	defer cancel()
	switch c.Action {
	case ocf.ActionList:
		c.Printf("%s", strings.ToLower(c.Hostname))
		return nil
	case ocf.ActionValidateAll:
		return nil
	case ocf.ActionMonitor, ocf.ActionStatus:
		return ocf.Fail(a.canReboot(ctx, c))
	}
	if !agents.IsLocalHost(c.Target(), c.Hostname) {
		return ocf.Errorf(ocf.ExitFailure, "refusing to %s %q: suicide only fences the host it runs on (%s)", c.Action, c.Target(), c.Hostname)
	}
	method, done := "Reboot", "Success: Rebooted"
	if c.Action == ocf.ActionOff {
		method, done = "PowerOff", "Success: Powered OFF"
	}
	if err := a.call(ctx, method, nil, false); err != nil {
		return ocf.Fail(err)
	}
	c.Logf("logind accepted %s of %s", method, c.Hostname)
	c.Printf("%s", done)
	return nil
}

// canReboot asks logind whether the host may be rebooted.
func (a *Agent) canReboot(ctx context.Context, c *agents.Call) error {
	var answer string
	if err := a.call(ctx, "CanReboot", &answer); err != nil {
		return err
	}
	if answer != "yes" && answer != "challenge" {
		return fmt.Errorf("logind answers CanReboot with %q", answer)
	}
	if c.Action == ocf.ActionStatus {
		c.Printf("Status: ON")
	}
	return nil
}

// call calls a Manager method, storing its reply in out (nil for none).
func (a *Agent) call(ctx context.Context, method string, out any, args ...any) error {
	conn, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	call := conn.Object(Service, Path).CallWithContext(ctx, Interface+"."+method, 0, args...)
	if call.Err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("logind %s: no reply: %w", method, ctx.Err())
		}
		return fmt.Errorf("logind %s: %w", method, call.Err)
	}
	if out != nil {
		if err := call.Store(out); err != nil {
			return fmt.Errorf("logind %s: unexpected reply: %w", method, err)
		}
	}
	return nil
}

// connect opens a private connection to the bus, within ctx.
func (a *Agent) connect(ctx context.Context) (*dbus.Conn, error) {
	type res struct {
		c   *dbus.Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		var c *dbus.Conn
		var err error
		if a.BusAddress == "" {
			c, err = dbus.ConnectSystemBus()
		} else {
			c, err = dbus.Connect(a.BusAddress)
		}
		ch <- res{c, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("connect to the bus: %w", r.err)
		}
		return r.c, nil
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.c != nil {
				r.c.Close()
			}
		}()
		return nil, fmt.Errorf("connect to the bus: no answer: %w", ctx.Err())
	}
}
