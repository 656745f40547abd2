package null

import (
	"context"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the null fence agent.
type Agent struct{}

// New returns the null agent.
func New() *Agent { return &Agent{} }

// FencesSelf reports true: the null agent touches nothing, so claiming to
// fence its own host is harmless.
func (a *Agent) FencesSelf() bool { return true }

// Metadata describes the agent.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{{Name: "hostlist", ArgName: "hosts", Required: true,
		Desc: "The list of hosts that the null device claims to control"}}
	ps = append(ps, ocf.Plug("Ignored")...)
	ps = append(ps, ocf.Common()...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Null fence device (for testing only)",
		LongDesc:  "A fence device that does nothing and claims success: it lists its host list and reports every action as done. Never use it in a production cluster.",
		VendorURL: "https://github.com/executioner-ha/executioner",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionList, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll),
	}
}

// Run claims success for every action once the host list is valid.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	hosts := agents.Hosts(c.Params.Get("hostlist"))
	if len(hosts) == 0 {
		return ocf.Errorf(ocf.ExitFailure, "parameter hostlist: no hosts given")
	}
	switch c.Action {
	case ocf.ActionList:
		for _, h := range hosts {
			c.Printf("%s", h)
		}
	case ocf.ActionStatus:
		c.Printf("Status: ON")
	case ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot:
		c.Logf("null device: %s of %q claimed; nothing was touched", c.Action, c.Target())
	}
	return nil
}
