package ifmib

import (
	"context"
	"fmt"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/snmp"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the IF-MIB fabric fencing agent.
type Agent struct{}

// New returns the agent.
func New() *Agent { return &Agent{} }

// Metadata describes the agent with fence_ifmib's parameters. Fabric
// fencing needs unfencing: on is advertised automatic, so Pacemaker brings
// a node's port up before the node runs resources.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := snmp.Params("2c", "")
	ps = append(ps, ocf.Plug("")...)
	common := ocf.Common()
	ocf.SetDefault(common, ocf.KeyAction, "off")
	ps = append(ps, common...)
	ps = append(ps, snmp.ToolPaths()...)
	for i := range ps {
		if ps[i].Name == "ip" || ps[i].Name == ocf.KeyPlug {
			ps[i].Required = true
		}
	}
	actions := []ocf.ActionSpec{{Name: ocf.ActionOn, Automatic: true}}
	actions = append(actions, ocf.ActionSpecs(ocf.ActionOff, ocf.ActionStatus, ocf.ActionList, ocf.ActionListStatus,
		ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionManpage, ocf.ActionValidateAll)...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for IF MIB",
		LongDesc:  "A fabric fence agent for any SNMP IF-MIB capable device, such as a managed Ethernet switch that carries a node's iSCSI or storage traffic: off sets the node's port ifAdminStatus down, on sets it up, status reads it. It takes the parameters of fence_ifmib, accepts the plug as an ifIndex or interface name (ifDescr), confirms every change by reading ifAdminStatus back, and never prints or passes on the community or passphrases. A fenced node keeps running but is cut off the fabric; it needs unfencing (on) before it may run resources again.",
		VendorURL: "http://www.ietf.org/wg/concluded/ifmib.html",
		Params:    ps,
		Actions:   actions,
	}
}

// Run opens the SNMP session and carries out the action through the
// standard power sequence (port up is ON, down is OFF).
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	if c.Action.NeedsTarget() && c.Params.Get(ocf.KeyPlug) == "" {
		return ocf.Fail(fmt.Errorf("parameter plug: required for %s (an ifIndex or interface name)", c.Action))
	}
	s, err := snmp.Open(ctx, c.Params)
	if err != nil {
		return ocf.Fail(err)
	}
	defer s.Close()
	if c.Action == ocf.ActionValidateAll {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, budget(c.Params))
	defer cancel()
	return s.Redact(agents.RunSwitch(ctx, c, &port{s: s}))
}

// budget bounds a whole run: finding the port (a walk) and one verified
// change with its waits.
func budget(p *ocf.Params) time.Duration {
	request := p.Duration("shell_timeout") + p.Duration("login_timeout") + time.Second
	change := p.Duration("power_wait") + p.Duration("power_timeout") + 2*request
	return 2*request + 30*time.Second + time.Duration(1+max(p.Int("retry_on"), 1))*change
}
