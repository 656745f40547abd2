package apcsnmp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// parityCase is one run given to both agents: stdin keys, or command-line
// arguments (with PORT for the snmpd port); see agenttest.ParityCase.
type parityCase struct {
	name        string
	init        func(*pdusim.State) // the device before the run (all on when nil)
	stdin       map[string]string
	args        []string
	differ      string // a deliberate difference, listed in doc.go
	ours, their int
}

func off(names ...string) func(*pdusim.State) {
	return func(s *pdusim.State) {
		for _, n := range names {
			s.Outlet(n).On = false
		}
	}
}

// kv is the stdin of a case: the base parameters (PORT for the port)
// with extra key/value pairs, an empty value removing the key.
func kv(pairs ...string) map[string]string { return snmptest.Params("PORT", community, pairs...) }

var v3Stdin = []string{"snmp_version", "3", "username", v3User, "password", v3Auth, "snmp_priv_passwd", v3Priv,
	"snmp_auth_prot", "SHA", "snmp_priv_prot", "AES", "community", ""}

// parityCases are every action and option spelling, by device family.
var parityCases = map[string][]parityCase{
	"rpdu": {
		{name: "status", stdin: kv("action", "status", "plug", "node2")},
		{name: "status-off", init: off("node2"), stdin: kv("action", "status", "plug", "node2")},
		{name: "status-by-number", stdin: kv("action", "status", "plug", "2")},
		{name: "status-old-names", stdin: kv("action", "status", "ipaddr", "127.0.0.1", "ip", "", "port", "node2")},
		{name: "option-is-action", stdin: kv("option", "status", "plug", "node2"),
			differ: "option= is the old name of action (fence-agents 4.12 ignores it and reboots)", ours: 0, their: 0},
		{name: "off", stdin: kv("action", "off", "plug", "node2")},
		{name: "off-already", init: off("node2"), stdin: kv("action", "off", "plug", "node2")},
		{name: "on", init: off("node3"), stdin: kv("action", "on", "port", "node3")},
		{name: "on-already", stdin: kv("action", "on", "plug", "node3")},
		{name: "reboot", stdin: kv("action", "reboot", "plug", "node1")},
		{name: "reboot-from-off", init: off("node1"), stdin: kv("action", "reboot", "plug", "node1")},
		{name: "reboot-default-action", stdin: kv("plug", "4")},
		{name: "list", stdin: kv("action", "list")},
		{name: "list-status", stdin: kv("action", "list-status")},
		{name: "list-separator", stdin: kv("action", "list", "separator", ";")},
		{name: "monitor", stdin: kv("action", "monitor")},
		{name: "validate-all", stdin: kv("action", "validate-all", "plug", "node1")},
		{name: "unknown-outlet", stdin: kv("action", "off", "plug", "nosuchnode")},
		{name: "no-plug", stdin: kv("action", "off")},
		{name: "unknown-action", stdin: kv("action", "frobnicate", "plug", "node1")},
		{name: "v2c", stdin: kv("action", "off", "plug", "node2", "snmp_version", "2c")},
		{name: "wrong-community", stdin: kv("action", "off", "plug", "node2", "community", "wrong-community-1")},
		{name: "argv-long", args: []string{"--ip=127.0.0.1", "--ipport=PORT", "--community=" + community, "--plug=node2", "--action=off", "--power-timeout=5"}},
		{name: "argv-short", args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-n", "node2", "-o", "status"}},
		{name: "argv-short-v2c", init: off("node2"), args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-d", "2c", "-n", "2", "-o", "on"}},
		{name: "argv-list-separator", args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-C", ";", "-o", "list-status"}},
		{name: "delay-quiet", stdin: kv("action", "off", "plug", "node1", "delay", "1", "quiet", "1")},
		{name: "metadata", stdin: kv("action", "metadata"),
			differ: "the metadata names this agent and lists its own parameters (a superset)", ours: 0, their: 0},
		{name: "argv-list", args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-o", "list"}},
		{name: "validate-all-without-plug", stdin: kv("action", "validate-all"),
			differ: "validate-all checks the device configuration, which needs no plug", ours: 0, their: 1},
		{name: "enable-is-not-an-action", stdin: kv("action", "enable", "plug", "node1")},
	},
	"msp": {
		{name: "off-switch-outlet", stdin: kv("action", "off", "plug", "2:3")},
		{name: "off-by-name", stdin: kv("action", "off", "plug", "node3")},
		{name: "status-switch-outlet", init: off("node1"), stdin: kv("action", "status", "plug", "2:1")},
		{name: "list", stdin: kv("action", "list")},
		{name: "reboot", stdin: kv("action", "reboot", "plug", "2:4")},
		{name: "switch-parameter", stdin: kv("action", "off", "plug", "3", "switch", "2"),
			differ: "the switch parameter names the daisy-chained switch (fence_apc_snmp ignores it)", ours: 0, their: 1},
	},
	"masterswitch": {
		{name: "off", stdin: kv("action", "off", "plug", "node1", "snmp_version", "2c")},
		{name: "on", init: off("node1"), stdin: kv("action", "on", "plug", "1", "snmp_version", "2c")},
		{name: "list-status", stdin: kv("action", "list-status")},
	},
	"tripplite": {
		{name: "v3-authpriv-inferred", stdin: kv(append([]string{"action", "off", "plug", "node2"}, v3Stdin...)...)},
		{name: "v3-old-names", stdin: kv("action", "status", "plug", "node2", "snmp_version", "3", "login", v3User, "passwd", v3Auth,
			"snmp_priv_passwd", v3Priv, "snmp_auth_prot", "SHA", "snmp_priv_prot", "AES", "snmp_sec_level", "authPriv")},
		{name: "v3-authnopriv", stdin: kv("action", "on", "plug", "node2", "snmp_version", "3", "username", "authonly", "password", v3Auth,
			"snmp_sec_level", "authNoPriv")},
		{name: "v3-level-not-inferred", stdin: kv("action", "status", "plug", "node2", "snmp_version", "3", "username", "authonly", "password", v3Auth)},
		{name: "v3-noauth", stdin: kv("action", "status", "plug", "node2", "snmp_version", "3", "username", "noauth", "community", "")},
		{name: "v3-default-protocols", stdin: kv("action", "status", "plug", "node2", "snmp_version", "3", "username", v3User,
			"password", v3Auth, "snmp_priv_passwd", v3Priv)},
		{name: "v3-wrong-passphrase", stdin: kv(append([]string{"action", "off", "plug", "node2"}, append(v3Stdin, "password", "wrong-passphrase-3")...)...)},
		{name: "v3-argv", args: []string{"-a", "127.0.0.1", "-u", "PORT", "-d", "3", "-l", v3User, "-p", v3Auth, "-P", v3Priv,
			"-b", "SHA", "-B", "AES", "-E", "authPriv", "-n", "node2", "-o", "reboot"}},
		{name: "v3-password-script", stdin: kv(append([]string{"action", "status", "plug", "node2", "password_script", "echo " + v3Auth}, v3Stdin...)...)},
		{name: "v3-old-script-name", stdin: kv(append([]string{"action", "status", "plug", "node2", "passwd_script", "echo " + v3Auth}, append(v3Stdin, "password", "")...)...)},
		{name: "v3-argv-long", args: []string{"--ip=127.0.0.1", "--ipport=PORT", "--snmp-version=3", "--username=" + v3User, "--password=" + v3Auth,
			"--snmp-priv-passwd=" + v3Priv, "--snmp-auth-prot=SHA", "--snmp-priv-prot=AES", "--snmp-sec-level=authPriv", "--plug=node2", "--action=off"}},
		{name: "v3-argv-scripts", args: []string{"-a", "127.0.0.1", "-u", "PORT", "-d", "3", "-l", v3User, "-S", "echo " + v3Auth,
			"-R", "echo " + v3Priv, "-b", "SHA", "-B", "AES", "-n", "node2", "-o", "status"}},
		{name: "v3-priv-script", stdin: kv(append([]string{"action", "status", "plug", "node2"}, append(v3Stdin, "snmp_priv_passwd", "", "snmp_priv_passwd_script", "echo "+v3Priv)...)...)},
	},
}

// TestParity runs every case with fence_apc_snmp and with this agent
// against the same snmpd and emulated switch, reset before each run: the
// exit codes, standard output and the device afterwards must be the same,
// except for the deliberate differences.
func TestParity(t *testing.T) {
	theirs := peertest.Program(t, "fence_apc_snmp")
	for kind, cases := range parityCases {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			p := startPDU(t, kind)
			var cs []agenttest.ParityCase
			for _, c := range cases {
				init := c.init
				cs = append(cs, agenttest.ParityCase{Name: c.name, Stdin: c.stdin, Args: c.args, Differ: c.differ,
					Ours: c.ours, Theirs: c.their, Init: func(t testing.TB) { reset(t, p, init) }})
			}
			agenttest.Parity{Agent: New(), Name: name, Theirs: theirs, Subst: map[string]string{"PORT": p.Port},
				Device: func(t testing.TB) string { return outlets(p.Device(t)) }}.Run(t, cs)
		})
	}
}

// reset brings the device back to all outlets on, no events, then init.
func reset(t testing.TB, p *snmptest.PDU, init func(*pdusim.State)) {
	p.Update(t, func(s *pdusim.State) {
		for _, o := range s.Outlets {
			o.On, o.Events, o.Offs, o.Ons = true, nil, 0, 0
		}
		if init != nil {
			init(s)
		}
	})
}

// outlets summarises the device: each outlet's power and switch counts.
func outlets(s *pdusim.State) string {
	var b strings.Builder
	for _, o := range s.Outlets {
		fmt.Fprintf(&b, "%s:%v/%d/%d ", o.Name, o.On, o.Offs, o.Ons)
	}
	return b.String()
}
