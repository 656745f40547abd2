package apcsmart

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the APC Smart-UPS fence agent.
type Agent struct {
	// LockDir holds the UUCP lock files (default /var/lock).
	LockDir string
	// Poll is the pause between register reads while waiting for a
	// shutdown (default 250 ms).
	Poll time.Duration
}

// New returns the agent with its defaults.
func New() *Agent { return &Agent{LockDir: "/var/lock", Poll: 250 * time.Millisecond} }

// Metadata describes the agent.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: "ttydev", ArgName: "device", Required: true, Desc: "The serial device the UPS is connected to, e.g. /dev/ttyS0"},
		{Name: "hostlist", ArgName: "hosts", Required: true, Desc: "The hosts the UPS feeds, separated by spaces, commas or semicolons"},
		{Name: "method", Short: "m", Type: ocf.TypeSelect, Choices: []string{"cycle", "onoff"}, Default: "cycle",
			Desc: "Method to fence: cycle (the UPS's own shutdown and return) or onoff (off, then on)"},
	}
	ps = append(ps, ocf.Plug("The host to fence; it must be in hostlist")...)
	ps = append(ps, ocf.Common()...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for APC Smart-UPS units on a serial line",
		LongDesc:  "Switches the load of an APC Smart-UPS (Smart-UPS, Back-UPS Pro, Matrix-UPS) through its serial smart-signalling protocol; every host in hostlist is fed by the UPS.",
		VendorURL: "https://www.apc.com/",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionList, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll),
	}
}

// Run carries out one action on the UPS.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	hosts := agents.Hosts(c.Params.Get("hostlist"))
	dev := c.Params.Get("ttydev")
	switch {
	case len(hosts) == 0:
		return ocf.Errorf(ocf.ExitFailure, "parameter hostlist: no hosts given")
	case dev == "":
		return ocf.Errorf(ocf.ExitFailure, "parameter ttydev: no serial device given")
	}
	if c.Action.NeedsTarget() && !slices.Contains(hosts, strings.ToLower(c.Target())) {
		return ocf.Errorf(ocf.ExitFailure, "%w: %q is not in hostlist", agents.ErrUnknownHost, c.Target())
	}
	switch c.Action {
	case ocf.ActionList:
		for _, h := range hosts {
			c.Printf("%s", h)
		}
		return nil
	case ocf.ActionValidateAll:
		return nil
	}
	return ocf.Fail(a.withUPS(ctx, dev, func(u *ups) error { return agents.RunSwitch(ctx, c, u) }))
}

// withUPS locks and opens dev and runs f on it.
func (a *Agent) withUPS(ctx context.Context, dev string, f func(*ups) error) error {
	unlock, err := lock(a.LockDir, dev)
	if err != nil {
		return err
	}
	defer unlock()
	l, err := dial(ctx, dev)
	if err != nil {
		return err
	}
	err = f(&ups{l: l, poll: a.Poll})
	if cerr := l.close(); err == nil && cerr != nil && ctx.Err() == nil {
		err = fmt.Errorf("close %s: %w", dev, cerr)
	}
	return err
}
