package all

import (
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/apcsmart"
	"github.com/executioner-ha/executioner/agents/apcsnmp"
	"github.com/executioner-ha/executioner/agents/dummy"
	"github.com/executioner-ha/executioner/agents/ifmib"
	"github.com/executioner-ha/executioner/agents/ipmi"
	"github.com/executioner-ha/executioner/agents/kdump"
	"github.com/executioner-ha/executioner/agents/meatware"
	"github.com/executioner-ha/executioner/agents/null"
	"github.com/executioner-ha/executioner/agents/redfish"
	"github.com/executioner-ha/executioner/agents/sbd"
	"github.com/executioner-ha/executioner/agents/ssh"
	"github.com/executioner-ha/executioner/agents/suicide"
)

// Registry returns a registry holding every agent, by device name.
func Registry() *agents.Registry {
	r := agents.NewRegistry()
	for device, a := range map[string]agents.Agent{
		"dummy": dummy.New(),
		"null":  null.New(),
		"ipmi":  ipmi.New(),

		"apcsmart": apcsmart.New(),
		"meatware": meatware.New(),
		"sbd":      sbd.New(),
		"suicide":  suicide.New(),
		"ssh":      ssh.New(),
		"redfish":  redfish.New(),
		"kdump":    kdump.New(),

		"apc_snmp": apcsnmp.New(),
		"ifmib":    ifmib.New(),
	} {
		if err := r.Register(device, a); err != nil {
			panic(err) // a programming error: the names above are fixed
		}
	}
	return r
}
