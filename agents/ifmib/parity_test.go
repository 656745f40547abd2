package ifmib

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// kv is the stdin of a case: the base parameters (PORT for the port)
// with extra key/value pairs, an empty value removing the key.
func kv(pairs ...string) map[string]string { return snmptest.Params("PORT", community, pairs...) }

var v3Stdin = []string{"snmp_version", "3", "username", v3User, "password", v3Auth, "snmp_priv_passwd", v3Priv,
	"snmp_auth_prot", "SHA", "snmp_priv_prot", "AES", "community", ""}

// parityCases are every action and option spelling; down names the ports
// that start down, IDX_sN stands for port sN's ifIndex.
var parityCases = []struct {
	agenttest.ParityCase
	down []string
}{
	{ParityCase: agenttest.ParityCase{Name: "status", Stdin: kv("action", "status", "plug", "s2")}},
	{ParityCase: agenttest.ParityCase{Name: "status-down", Stdin: kv("action", "status", "plug", "s2")}, down: []string{"s2"}},
	{ParityCase: agenttest.ParityCase{Name: "status-by-ifindex", Stdin: kv("action", "status", "plug", "IDX_s3")}},
	{ParityCase: agenttest.ParityCase{Name: "status-old-names", Stdin: kv("action", "status", "ipaddr", "127.0.0.1", "ip", "", "port", "s1")}},
	{ParityCase: agenttest.ParityCase{Name: "off", Stdin: kv("action", "off", "plug", "s2")}},
	{ParityCase: agenttest.ParityCase{Name: "off-already", Stdin: kv("action", "off", "plug", "s2")}, down: []string{"s2"}},
	{ParityCase: agenttest.ParityCase{Name: "off-default-action", Stdin: kv("plug", "s1")}},
	{ParityCase: agenttest.ParityCase{Name: "on", Stdin: kv("action", "on", "plug", "s3")}, down: []string{"s3"}},
	{ParityCase: agenttest.ParityCase{Name: "on-already", Stdin: kv("action", "on", "plug", "s3")}},
	{ParityCase: agenttest.ParityCase{Name: "disable", Stdin: kv("action", "disable", "plug", "s1")}},
	{ParityCase: agenttest.ParityCase{Name: "enable", Stdin: kv("action", "enable", "plug", "IDX_s1")}, down: []string{"s1"}},
	{ParityCase: agenttest.ParityCase{Name: "reboot-is-not-an-action", Stdin: kv("action", "reboot", "plug", "s1")}},
	{ParityCase: agenttest.ParityCase{Name: "monitor", Stdin: kv("action", "monitor")}},
	{ParityCase: agenttest.ParityCase{Name: "validate-all", Stdin: kv("action", "validate-all", "plug", "s1")}},
	{ParityCase: agenttest.ParityCase{Name: "unknown-port", Stdin: kv("action", "off", "plug", "nosuchport")}},
	{ParityCase: agenttest.ParityCase{Name: "no-plug", Stdin: kv("action", "off")}},
	{ParityCase: agenttest.ParityCase{Name: "no-community", Stdin: kv("action", "status", "plug", "s1", "community", "")}},
	{ParityCase: agenttest.ParityCase{Name: "v1", Stdin: kv("action", "off", "plug", "s2", "snmp_version", "1")}},
	{ParityCase: agenttest.ParityCase{Name: "wrong-community", Stdin: kv("action", "off", "plug", "s2", "community", "wrong-community-1")}},
	{ParityCase: agenttest.ParityCase{Name: "v3", Stdin: kv(append([]string{"action", "off", "plug", "s2"}, v3Stdin...)...)}},
	{ParityCase: agenttest.ParityCase{Name: "v3-argv", Args: []string{"-a", "127.0.0.1", "-u", "PORT", "-d", "3", "-l", v3User, "-p", v3Auth,
		"-P", v3Priv, "-b", "SHA", "-B", "AES", "-E", "authPriv", "-n", "s2", "-o", "off"}}},
	{ParityCase: agenttest.ParityCase{Name: "v3-argv-long", Args: []string{"--ip=127.0.0.1", "--ipport=PORT", "--snmp-version=3", "--username=" + v3User,
		"--password-script=echo " + v3Auth, "--snmp-priv-passwd=" + v3Priv, "--snmp-auth-prot=SHA", "--snmp-priv-prot=AES", "--plug=s3", "--action=off"}}},
	{ParityCase: agenttest.ParityCase{Name: "v3-old-names", Stdin: kv(append([]string{"action", "status", "port", "s1", "login", v3User, "passwd", v3Auth,
		"snmp_priv_passwd_script", "echo " + v3Priv}, append(v3Stdin, "username", "", "password", "", "snmp_priv_passwd", "")...)...)}},
	{ParityCase: agenttest.ParityCase{Name: "argv-list-separator", Args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-C", ";", "-o", "list"},
		Differ: "an interface without ifAlias is listed with its name as alias (fence_ifmib leaves it empty)"}},
	{ParityCase: agenttest.ParityCase{Name: "argv-long", Args: []string{"--ip=127.0.0.1", "--ipport=PORT", "--community=" + community,
		"--plug=s1", "--action=on"}}, down: []string{"s1"}},
	{ParityCase: agenttest.ParityCase{Name: "argv-short", Args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-n", "IDX_s2", "-o", "status"}}},
	{ParityCase: agenttest.ParityCase{Name: "argv-default-action", Args: []string{"-a", "127.0.0.1", "-u", "PORT", "-c", community, "-n", "s3"}}},
	{ParityCase: agenttest.ParityCase{Name: "list", Stdin: kv("action", "list"),
		Differ: "an interface without ifAlias is listed with its name as alias (fence_ifmib leaves it empty)"}},
	{ParityCase: agenttest.ParityCase{Name: "list-status", Stdin: kv("action", "list-status"),
		Differ: "an interface without ifAlias is listed with its name as alias (fence_ifmib leaves it empty)"}},
	{ParityCase: agenttest.ParityCase{Name: "validate-all-without-plug", Stdin: kv("action", "validate-all"),
		Differ: "validate-all checks the device configuration, which needs no plug", Ours: 0, Theirs: 1}},
}

// TestParity runs every case with fence_ifmib and with this agent against
// the same snmpd and namespace, all ports up (except the case's down ones)
// before each run: the exit codes, standard output and the ports'
// administrative state afterwards must be the same, except for the
// deliberate differences.
func TestParity(t *testing.T) {
	theirs := peertest.Program(t, "fence_ifmib")
	f := startFabric(t)
	subst := map[string]string{"PORT": f.Port}
	for _, p := range ports {
		subst["IDX_"+p] = strconv.Itoa(f.indexes[p])
	}
	var cs []agenttest.ParityCase
	for _, c := range parityCases {
		down := c.down
		c.Init = func(t testing.TB) {
			for _, p := range ports {
				f.setAdmin(t, p, !contains(down, p))
			}
		}
		cs = append(cs, c.ParityCase)
	}
	agenttest.Parity{Agent: New(), Name: name, Theirs: theirs, Subst: subst, Device: func(t testing.TB) string {
		var b strings.Builder
		for _, p := range ports {
			fmt.Fprintf(&b, "%s:%v ", p, f.mustPower(t, p))
		}
		return b.String()
	}}.Run(t, cs)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
