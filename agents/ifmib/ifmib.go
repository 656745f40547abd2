package ifmib

import (
	"context"

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
	ps := snmp.Spec("2c", "", "off")
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
		Fabric:    true,
	}
}

// Run carries out the action on the port through the shared SNMP session
// and the standard power sequence (port up is ON, down is OFF).
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	return snmp.RunSwitch(ctx, c, "an ifIndex or interface name", 2, func(s *snmp.Session) agents.Switch {
		return &port{s: s}
	})
}
