package meatware

import (
	"context"
	"fmt"
	"log/syslog"
	"os"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the manual (meatware) fence agent.
type Agent struct {
	// Dir holds the FIFOs (default Dir, where cluster-glue's meatclient
	// looks).
	Dir string
}

// New returns the agent with its FIFOs in Dir.
func New() *Agent { return &Agent{Dir: Dir} }

// Metadata describes the agent.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: "hostlist", ArgName: "hosts", Required: true, Desc: "The hosts an operator may be asked to power-cycle, separated by spaces, commas or semicolons"},
		{Name: "operator_timeout", Type: ocf.TypeSecond, ArgName: "seconds", Default: "600", Desc: "Wait at most X seconds for the operator's confirmation"},
	}
	ps = append(ps, ocf.Plug("The host to fence; it must be in hostlist")...)
	ps = append(ps, ocf.Common()...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Manual fencing: an operator power-cycles the node and confirms",
		LongDesc:  "Logs a critical request for an operator to power-cycle the node, then waits for the confirmation written by \"meatclient -c NODE\" (cluster-glue's or executioner's) into /run/meatware.NODE.",
		VendorURL: "https://github.com/executioner-ha/executioner",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOff, ocf.ActionReboot, ocf.ActionList, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll),
	}
}

// Run carries out one action.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	hosts := agents.Hosts(c.Params.Get("hostlist"))
	if len(hosts) == 0 {
		return ocf.Errorf(ocf.ExitFailure, "parameter hostlist: no hosts given")
	}
	for _, h := range hosts {
		if _, err := Path(a.Dir, h); err != nil {
			return ocf.Errorf(ocf.ExitFailure, "parameter hostlist: %w", err)
		}
	}
	switch c.Action {
	case ocf.ActionList:
		for _, h := range hosts {
			c.Printf("%s", h)
		}
		return nil
	case ocf.ActionMonitor:
		if fi, err := os.Stat(a.Dir); err != nil || !fi.IsDir() {
			return ocf.Errorf(ocf.ExitFailure, "FIFO directory %s is not usable", a.Dir)
		}
		return nil
	case ocf.ActionValidateAll:
		return nil
	}
	host := strings.ToLower(c.Target())
	if !slices.Contains(hosts, host) {
		return ocf.Errorf(ocf.ExitFailure, "%w: %q is not in hostlist", agents.ErrUnknownHost, c.Target())
	}
	ctx, cancel := context.WithTimeout(ctx, c.Params.Duration("operator_timeout"))
	defer cancel()
	critical(c, fmt.Sprintf("OPERATOR INTERVENTION REQUIRED to reset %s.", host),
		fmt.Sprintf("Run \"meatclient -c %s\" AFTER power-cycling the machine.", host))
	if err := await(ctx, a.Dir, host); err != nil {
		return ocf.Fail(err)
	}
	c.Logf("the operator confirmed the reset of %s", host)
	if c.Action == ocf.ActionOff {
		c.Printf("Success: Powered OFF")
	} else {
		c.Printf("Success: Rebooted")
	}
	return nil
}

// critical logs the request as one line on stderr and, when syslog is
// reachable, as critical messages there.
func critical(c *agents.Call, msgs ...string) {
	c.Logf("CRIT: %s", strings.Join(msgs, " "))
	if w, err := syslog.New(syslog.LOG_CRIT|syslog.LOG_DAEMON, "fence_exec_meatware"); err == nil {
		for _, m := range msgs {
			_ = w.Crit(m)
		}
		w.Close()
	}
}
