package agents

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/ocf"
)

// Switch is a power device as RunSwitch drives it: read and set the power
// of one plug ("" for single-outlet devices such as a BMC). Power must
// return a state the device reported, never a guess.
type Switch interface {
	Power(ctx context.Context, plug string) (ocf.Power, error)
	SetPower(ctx context.Context, plug string, p ocf.Power) error
}

// Cycler is a Switch that can power-cycle a plug in one command (used for
// reboot with method=cycle).
type Cycler interface {
	Cycle(ctx context.Context, plug string) error
}

// OffCycler is a Cycler whose device power-cycles a plug that is off by
// powering it on (an IPMI BMC). RunSwitch then sends the cycle whatever
// the power, as fence-agents does, and powers the plug on when the device
// refuses to cycle it from off. For other Cyclers a reboot of a plug that
// is off is a verified on.
type OffCycler interface {
	CyclesFromOff() bool
}

// Lister is a Switch that can list its plugs (list, list-status, and
// monitor for multi-plug devices).
type Lister interface {
	List(ctx context.Context) ([]Port, error)
}

// Port is one plug a Lister reports.
type Port struct {
	Plug   string
	Alias  string     // printed after the plug; the plug itself when empty
	Status *ocf.Power // for list-status; nil prints UNKNOWN
}

// minPoll bounds how fast RunSwitch polls a device.
const minPoll = 50 * time.Millisecond

// RunSwitch carries out c.Action on sw with fence-agents' sequence and
// output (see the package documentation). The timing comes from the
// parameters power_wait, power_timeout, stonith_status_sleep and retry_on;
// method=cycle selects Cycler for reboot.
func RunSwitch(ctx context.Context, c *Call, sw Switch) error {
	plug := c.Params.Get(ocf.KeyPlug)
	switch c.Action {
	case ocf.ActionStatus:
		st, err := sw.Power(ctx, plug)
		if err != nil {
			return ocf.Fail(fmt.Errorf("power status: %w", err))
		}
		c.Printf("Status: %s", st)
		if st == ocf.PowerOff {
			return &ocf.Error{Code: ocf.ExitOff}
		}
		return nil
	case ocf.ActionMonitor:
		return monitor(ctx, c, sw, plug)
	case ocf.ActionList, ocf.ActionListStatus:
		return list(ctx, c, sw)
	case ocf.ActionOn:
		return setPower(ctx, c, sw, plug, ocf.PowerOn, attempts(c.Params.Int("retry_on"), 1))
	case ocf.ActionOff:
		return setPower(ctx, c, sw, plug, ocf.PowerOff, 1)
	case ocf.ActionReboot:
		return reboot(ctx, c, sw, plug)
	case ocf.ActionValidateAll:
		return nil
	}
	return ocf.Errorf(ocf.ExitFailure, "unrecognised action %q", string(c.Action))
}

func monitor(ctx context.Context, c *Call, sw Switch, plug string) error {
	if l, ok := sw.(Lister); ok {
		_, err := l.List(ctx)
		return ocf.Fail(err)
	}
	if _, err := sw.Power(ctx, plug); err != nil {
		return ocf.Fail(fmt.Errorf("monitor: %w", err))
	}
	return nil
}

func list(ctx context.Context, c *Call, sw Switch) error {
	l, ok := sw.(Lister)
	if !ok {
		c.Printf("NOTICE: List option is not working on this device yet")
		return nil
	}
	ports, err := l.List(ctx)
	if err != nil {
		return ocf.Fail(fmt.Errorf("list: %w", err))
	}
	sep := c.Params.Get("separator")
	for _, p := range ports {
		alias := p.Alias
		if alias == "" {
			alias = p.Plug
		}
		line := p.Plug + sep + alias
		if c.Action == ocf.ActionListStatus {
			st := "UNKNOWN"
			if p.Status != nil {
				st = strings.ToLower(p.Status.String())
			}
			line += sep + st
		}
		c.Printf("%s", line)
	}
	return nil
}

// setPower brings plug to want, verified, in up to attempts tries.
func setPower(ctx context.Context, c *Call, sw Switch, plug string, want ocf.Power, attempts int) error {
	cur, err := sw.Power(ctx, plug)
	if err != nil {
		return ocf.Fail(fmt.Errorf("power status: %w", err))
	}
	if cur == want {
		c.Printf("Success: Already %s", want)
		return nil
	}
	if err := switchTo(ctx, c, sw, plug, want, attempts); err != nil {
		return err
	}
	c.Printf("Success: Powered %s", want)
	return nil
}

// switchTo sets the power and polls until the device confirms it.
func switchTo(ctx context.Context, c *Call, sw Switch, plug string, want ocf.Power, attempts int) error {
	var last error
	for i := 0; i < max(attempts, 1); i++ {
		if err := sw.SetPower(ctx, plug, want); err != nil {
			last = fmt.Errorf("power %s: %w", strings.ToLower(want.String()), err)
			c.Debugf("%v", last)
			if ctx.Err() != nil {
				break
			}
			continue
		}
		if err := Sleep(ctx, c.Params.Duration("power_wait")); err != nil {
			return err
		}
		if last = waitPower(ctx, c, sw, plug, want); last == nil {
			return nil
		}
	}
	return ocf.Fail(last)
}

// waitPower polls until the device reports want or power_timeout passes.
func waitPower(ctx context.Context, c *Call, sw Switch, plug string, want ocf.Power) error {
	deadline := time.Now().Add(c.Params.Duration("power_timeout"))
	pause := max(c.Params.Duration("stonith_status_sleep"), minPoll)
	for {
		st, err := sw.Power(ctx, plug)
		if err == nil && st == want {
			return nil
		}
		if err != nil {
			c.Debugf("power status: %v", err)
		}
		if time.Now().Add(pause).After(deadline) || ctx.Err() != nil {
			if err != nil {
				return fmt.Errorf("timed out waiting to power %s: %w", want, err)
			}
			return fmt.Errorf("timed out waiting to power %s", want)
		}
		if err := Sleep(ctx, pause); err != nil {
			return err
		}
	}
}

// attempts is extra+retry_on tries, at least one, without overflowing.
func attempts(retryOn, extra int) int {
	const most = 1 << 30
	return min(max(retryOn, 0), most) + extra
}

// reboot is off then on (each verified), or a cycle verified on. Like
// fence-agents, a failed on after a confirmed off is only logged: the
// target is fenced.
func reboot(ctx context.Context, c *Call, sw Switch, plug string) error {
	if cy, ok := sw.(Cycler); ok && c.Params.Get("method") == "cycle" {
		return cycle(ctx, c, sw, cy, plug)
	}
	cur, err := sw.Power(ctx, plug)
	if err != nil {
		return ocf.Fail(fmt.Errorf("power status: %w", err))
	}
	if cur == ocf.PowerOn {
		if err := switchTo(ctx, c, sw, plug, ocf.PowerOff, 1); err != nil {
			return err
		}
	}
	if n := attempts(c.Params.Int("retry_on"), 0); n == 0 {
		c.Warnf("retry_on is 0: the target is left powered off")
	} else if err := switchTo(ctx, c, sw, plug, ocf.PowerOn, n); err != nil {
		c.Warnf("%v", err)
	}
	c.Printf("Success: Rebooted")
	return nil
}

// cycle power-cycles the plug and waits for the device to report it on.
func cycle(ctx context.Context, c *Call, sw Switch, cy Cycler, plug string) error {
	cur, err := sw.Power(ctx, plug)
	if err != nil {
		return ocf.Fail(fmt.Errorf("power status: %w", err))
	}
	oc, fromOff := cy.(OffCycler)
	fromOff = fromOff && oc.CyclesFromOff()
	switch {
	case cur == ocf.PowerOn || fromOff:
		c.Debugf("power cycle (the power is %s)", cur)
		if err = cy.Cycle(ctx, plug); err != nil && cur == ocf.PowerOff {
			c.Debugf("power cycle from off refused (%v): powering on", err)
			err = sw.SetPower(ctx, plug, ocf.PowerOn)
		}
	default:
		err = sw.SetPower(ctx, plug, ocf.PowerOn)
	}
	if err != nil {
		return ocf.Fail(fmt.Errorf("power cycle: %w", err))
	}
	if err := Sleep(ctx, c.Params.Duration("power_wait")); err != nil {
		return err
	}
	if err := waitPower(ctx, c, sw, plug, ocf.PowerOn); err != nil {
		return ocf.Fail(err)
	}
	c.Printf("Success: Rebooted")
	return nil
}
