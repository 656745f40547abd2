package apcsnmp

import (
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/ocf"
)

// TestConformance runs the kit against every emulated family, over each
// SNMP version.
func TestConformance(t *testing.T) {
	for _, c := range []struct {
		kind  string
		extra []string
	}{
		{"rpdu", nil}, {"masterswitch", []string{"snmp_version", "2c"}}, {"msp", v3}, {"ms6", nil},
		{"tripplite", []string{"snmp_version", "2c"}},
		{"tripplite-lx", []string{"snmp_version", "3", "username", "authonly", "password", v3Auth, "snmp_sec_level", "authNoPriv"}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			t.Parallel()
			p := startPDU(t, c.kind)
			agenttest.Run(t, agenttest.Config{Agent: New(), Name: name, Target: "node2", Params: params(p, c.extra...),
				Power: func() (ocf.Power, error) { return p.Power("node2") }})
		})
	}
}

// TestPlugs: an outlet is found by number, by switch:outlet, by switch
// and number, and by name; list names them the same way.
func TestPlugs(t *testing.T) {
	p := startPDU(t, "msp")
	for _, c := range []struct {
		plug  string
		extra []string
	}{{"node3", nil}, {"2:3", nil}, {"3", []string{"switch", "2"}}} {
		if r := run(t, ocf.ActionOff, params(p, c.extra...), c.plug); r.Code != 0 || r.Stdout != "Success: Powered OFF\n" {
			t.Errorf("off plug=%s %v: %v", c.plug, c.extra, r)
		}
		if power(t, p, "node3") != ocf.PowerOff {
			t.Errorf("off plug=%s %v: node3 is on", c.plug, c.extra)
		}
		p.Update(t, func(s *pdusim.State) { s.Outlet("node3").On = true })
	}
	if r := run(t, ocf.ActionList, params(p), ""); r.Code != 0 || r.Stdout != "2:1,node1\n2:2,node2\n2:3,node3\n2:4,node4\n" {
		t.Errorf("list: %v", r)
	}
	if r := run(t, ocf.ActionOff, params(p), "3"); r.Code != ocf.ExitFailure || power(t, p, "node3") != ocf.PowerOn {
		t.Errorf("off plug=3 on switch 1, which has no outlets: %v", r)
	}
	r := run(t, ocf.ActionOff, params(p), "nosuchnode")
	if r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, `no outlet named "nosuchnode"`) {
		t.Errorf("off of an unknown outlet name: %v", r)
	}
	if r := run(t, ocf.ActionStatus, params(p), ""); r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, "plug") {
		t.Errorf("status without a plug: %v", r)
	}
}

// TestReboot: reboot is off then on, each confirmed on the device.
func TestReboot(t *testing.T) {
	p := startPDU(t, "rpdu")
	p.Update(t, func(s *pdusim.State) { s.DelayMS = 300 })
	if r := run(t, ocf.ActionReboot, params(p), "node1"); r.Code != 0 || r.Stdout != "Success: Rebooted\n" {
		t.Fatalf("reboot: %v", r)
	}
	if o := p.Device(t).Outlet("node1"); !o.On || o.Offs != 1 || o.Ons != 1 {
		t.Errorf("after reboot: %+v, want on after one off and one on", o)
	}
	if r := run(t, ocf.ActionReboot, params(p), "node1"); r.Code != 0 || p.Device(t).Outlet("node1").Offs != 2 {
		t.Errorf("second reboot: %v", r)
	}
}

// TestNoSysObjectID: a device that does not answer sysObjectID is driven
// through the MasterSwitch tables, as fence_apc_snmp does.
func TestNoSysObjectID(t *testing.T) {
	st := &pdusim.State{Kind: "rpdu", Model: "AP7900", Outlets: snmptest.Outlets(2)}
	p := snmptest.StartPDU(t, st, snmptest.Config{Community: community, Without: []string{"system_mib"}})
	if r := run(t, ocf.ActionStatus, params(p, "verbose", "1"), "node2"); r.Code != 0 || r.Stdout != "Status: ON\n" ||
		!strings.Contains(r.Stderr, "APC Master Switch (fallback)") {
		t.Errorf("status: %v", r)
	}
	if r := run(t, ocf.ActionOff, params(p), "node2"); r.Code != 0 || power(t, p, "node2") != ocf.PowerOff {
		t.Errorf("off: %v", r)
	}
}
