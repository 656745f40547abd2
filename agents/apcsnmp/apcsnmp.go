package apcsnmp

import (
	"context"
	"fmt"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/snmp"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the APC/Tripp Lite SNMP power switch agent.
type Agent struct{}

// New returns the agent.
func New() *Agent { return &Agent{} }

// Metadata describes the agent with fence_apc_snmp's parameters.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := snmp.Params("1", "private")
	ps = append(ps, ocf.Param{Name: "switch", Short: "s", ArgName: "id", Default: "1", Desc: "Physical switch number on device (daisy-chained switches; plug may also be given as switch:outlet)"})
	ps = append(ps, ocf.Plug("")...)
	ps = append(ps, ocf.Common()...)
	ps = append(ps, snmp.ToolPaths()...)
	for i := range ps {
		if ps[i].Name == "ip" || ps[i].Name == ocf.KeyPlug {
			ps[i].Required = true
		}
	}
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for APC, Tripplite PDU over SNMP",
		LongDesc:  "A fence agent for APC network power switches (MasterSwitch, MasterSwitch Plus, Switched Rack PDUs) and Tripp Lite PDUs over SNMP v1, v2c or v3, speaking SNMP itself. It takes the parameters of fence_apc_snmp, finds the device family from sysObjectID, accepts the plug as an outlet number, switch:outlet or outlet name, confirms every power change by reading the outlet state back, and never prints or passes on the community or passphrases.",
		VendorURL: "http://www.apc.com",
		Params:    ps,
		Actions: ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionList,
			ocf.ActionListStatus, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionManpage, ocf.ActionValidateAll),
	}
}

// Run opens the SNMP session and carries out the action through the
// standard power sequence.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	if c.Action.NeedsTarget() && c.Params.Get(ocf.KeyPlug) == "" {
		return ocf.Fail(fmt.Errorf("parameter plug: required for %s (an outlet number, switch:outlet or outlet name)", c.Action))
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
	d := &device{s: s, sw: c.Params.Get("switch"), debugf: c.Debugf}
	return s.Redact(agents.RunSwitch(ctx, c, d))
}

// budget bounds a whole run: finding the family and the outlet (a walk),
// and at most two verified power changes with their waits.
func budget(p *ocf.Params) time.Duration {
	request := p.Duration("shell_timeout") + p.Duration("login_timeout") + time.Second
	change := p.Duration("power_wait") + p.Duration("power_timeout") + 2*request
	return 3*request + 30*time.Second + time.Duration(1+max(p.Int("retry_on"), 1))*change
}
