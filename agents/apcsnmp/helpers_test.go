package apcsnmp

import (
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/ocf"
)

const (
	name      = "fence_exec_apc_snmp"
	community = "pdu-community-42"
	v3User    = "fencer"
	v3Auth    = "auth-passphrase-9"
	v3Priv    = "priv-passphrase-7"
)

// users are the v3 users every test snmpd knows.
var users = []snmptest.User{
	{Name: v3User, Auth: "SHA", AuthPass: v3Auth, Priv: "AES", PrivPass: v3Priv},
	{Name: "authonly", Auth: "MD5", AuthPass: v3Auth},
	{Name: "noauth"},
}

// startPDU starts snmpd serving a switch of kind with four outlets
// node1..node4 (on switch 2 for the daisy-chained msp).
func startPDU(t testing.TB, kind string) *snmptest.PDU {
	t.Helper()
	outlets := snmptest.Outlets(4)
	if kind == "msp" {
		for _, o := range outlets {
			o.Switch = 2
		}
	}
	st := &pdusim.State{Kind: kind, Model: "AP7900", Outlets: outlets, RebootMS: 200}
	return snmptest.StartPDU(t, st, snmptest.Config{Community: community, Users: users})
}

// params reach the test device with quick timing (see snmptest.Params).
func params(p *snmptest.PDU, extra ...string) map[string]string {
	return snmptest.Params(p.Port, community, extra...)
}

// v3 are the parameters of the SHA/AES user (authPriv inferred).
var v3 = []string{"snmp_version", "3", "username", v3User, "password", v3Auth, "snmp_priv_passwd", v3Priv,
	"snmp_auth_prot", "SHA", "snmp_priv_prot", "AES"}

func run(t testing.TB, action ocf.Action, p map[string]string, plug string) agenttest.Result {
	t.Helper()
	return agenttest.Act(t, New(), name, action, p, plug)
}

func power(t testing.TB, p *snmptest.PDU, outlet string) ocf.Power {
	t.Helper()
	pw, err := p.Power(outlet)
	if err != nil {
		t.Fatal(err)
	}
	return pw
}
