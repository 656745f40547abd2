package apcsmart

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// The commands and register bits used.
const (
	cmdOff      = "Z"
	cmdOn       = "\x0e"
	cmdShutdown = "S"    // shut down after the shutdown delay, return when on line
	cmdReset    = "@000" // shut down and return at once
	cmdStatus1  = "~"    // register 1
	cmdNext     = "-"    // step the last variable read to its next value
	varShutdown = "p"    // shutdown delay
	varWakeup   = "r"    // wake-up delay
	bitOff      = 0x40   // register 1: the load is off
	repeatGap   = 2 * time.Second
	maxSettings = 16 // a variable has at most this many values
)

// ups is one UPS, as agents.RunSwitch drives it (the plug is ignored: the
// UPS feeds every host in hostlist).
type ups struct {
	l    *line
	poll time.Duration // between register reads while waiting
}

// Power reads register 1.
func (u *ups) Power(ctx context.Context, _ string) (ocf.Power, error) {
	v, err := u.l.register(ctx, cmdStatus1)
	if err != nil {
		return ocf.PowerOff, err
	}
	return ocf.Power(v&bitOff == 0), nil
}

// SetPower sends Z or Ctrl-N twice, repeatGap apart (RunSwitch verifies).
func (u *ups) SetPower(ctx context.Context, _ string, p ocf.Power) error {
	cmd := cmdOff
	if p == ocf.PowerOn {
		cmd = cmdOn
	}
	if err := u.l.smart(ctx); err != nil {
		return err
	}
	if err := u.l.send(ctx, cmd); err != nil {
		return err
	}
	if err := pause(ctx, repeatGap); err != nil {
		return err
	}
	if err := u.l.send(ctx, cmd); err != nil {
		return err
	}
	return pause(ctx, settle)
}

// Cycle sets the delays to their smallest, asks for a shutdown and
// returns once the UPS reports the load off (RunSwitch then waits for it
// to come back). The delays are restored afterwards.
func (u *ups) Cycle(ctx context.Context, _ string) error {
	shutdown, restore, err := u.shortestDelays(ctx)
	if err != nil {
		return err
	}
	defer restore()
	if err := u.shutdown(ctx); err != nil {
		return err
	}
	wait := time.Duration(shutdown)*time.Second + 10*time.Second
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if on, err := u.Power(ctx, ""); err == nil && on == ocf.PowerOff {
			return nil
		}
		if err := pause(ctx, u.poll); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the UPS accepted the shutdown but did not report the load off within %v", u.l.dev, wait)
}

// shutdown sends S, and @000 when S is not accepted.
func (u *ups) shutdown(ctx context.Context) error {
	var last string
	for _, cmd := range []string{cmdShutdown, cmdReset} {
		r, err := u.l.query(ctx, cmd)
		if err != nil {
			return err
		}
		if r == "*" || r == "OK" {
			return nil
		}
		last = r
	}
	return fmt.Errorf("%s: shutdown %w (S and @000 answered %q)", u.l.dev, errRefused, last)
}

// shortestDelays sets the shutdown and wake-up delays to the smallest
// values the UPS offers. It returns the shutdown delay in seconds and a
// function restoring both original values.
func (u *ups) shortestDelays(ctx context.Context) (int, func(), error) {
	var undo []func()
	restore := func() {
		for _, f := range undo {
			f()
		}
	}
	var secs int
	for _, v := range []string{varShutdown, varWakeup} {
		orig, least, err := u.smallest(ctx, v)
		if err == nil {
			err = u.set(ctx, v, least)
		}
		if err != nil {
			restore()
			return 0, nil, err
		}
		undo = append(undo, func() { _ = u.set(context.WithoutCancel(ctx), v, orig) })
		if v == varShutdown {
			secs, _ = strconv.Atoi(least)
		}
	}
	return secs, restore, nil
}

// smallest steps variable v through all its values and returns the
// original value and the smallest, leaving v as it was.
func (u *ups) smallest(ctx context.Context, v string) (string, string, error) {
	orig, err := u.read(ctx, v)
	if err != nil {
		return "", "", err
	}
	least, cur := orig, ""
	for i := 0; cur != orig; i++ {
		if i == maxSettings {
			return "", "", fmt.Errorf("%s: variable %s never returns to %q", u.l.dev, v, orig)
		}
		if cur, err = u.step(ctx, v); err != nil {
			return "", "", err
		}
		if atoi(cur) < atoi(least) {
			least = cur
		}
	}
	return orig, least, nil
}

// set steps variable v until it reads want.
func (u *ups) set(ctx context.Context, v, want string) error {
	cur, err := u.read(ctx, v)
	for i := 0; err == nil && cur != want; i++ {
		if i == maxSettings {
			return fmt.Errorf("%s: could not set variable %s to %q", u.l.dev, v, want)
		}
		cur, err = u.step(ctx, v)
	}
	return err
}

// read returns the value of a delay variable (three digits).
func (u *ups) read(ctx context.Context, v string) (string, error) {
	r, err := u.l.query(ctx, v)
	if err != nil {
		return "", err
	}
	if _, err := strconv.Atoi(r); err != nil || len(r) != 3 {
		return "", fmt.Errorf("%s: variable %s: reply %q is not three digits", u.l.dev, v, r)
	}
	return r, nil
}

// step advances variable v (read just before) and reads it again.
func (u *ups) step(ctx context.Context, v string) (string, error) {
	r, err := u.l.ask(ctx, cmdNext)
	if err != nil {
		return "", err
	}
	if r != "OK" && r != "*" {
		return "", fmt.Errorf("%s: changing variable %s: the UPS answered %q", u.l.dev, v, r)
	}
	return u.read(ctx, v)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

var _ agents.Cycler = (*ups)(nil)
