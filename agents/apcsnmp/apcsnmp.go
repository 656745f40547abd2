package apcsnmp

import (
	"context"

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
	ps := snmp.Spec("1", "private", "reboot", ocf.Param{Name: "switch", Short: "s", ArgName: "id", Default: "1",
		Desc: "Physical switch number on device (daisy-chained switches; plug may also be given as switch:outlet)"})
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

// Run carries out the action on the switch through the shared SNMP
// session and the standard power sequence.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	return snmp.RunSwitch(ctx, c, "an outlet number, switch:outlet or outlet name", 1, func(s *snmp.Session) agents.Switch {
		return &device{s: s, sw: c.Params.Get("switch"), debugf: c.Debugf}
	})
}
