package ifmib

import (
	"fmt"
	"os/exec"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

const (
	name      = "fence_exec_ifmib"
	community = "switch-community-5"
	v3User    = "fabric"
	v3Auth    = "auth-passphrase-2"
	v3Priv    = "priv-passphrase-4"
)

// fabric is an snmpd in a namespace of its own whose ports s1..s3 are
// veth ends: its IF-MIB is the namespace's interfaces.
type fabric struct {
	*snmptest.Snmpd
	ns      *snmptest.Netns
	indexes map[string]int
}

var ports = []string{"s1", "s2", "s3"}

func startFabric(t testing.TB) *fabric {
	t.Helper()
	ns := snmptest.NewNetns(t)
	f := &fabric{ns: ns, indexes: map[string]int{}}
	for _, p := range ports {
		f.indexes[p] = ns.AddPort(t, p)
	}
	f.Snmpd = snmptest.Start(t, snmptest.Config{Community: community, Netns: ns.Name,
		Users: []snmptest.User{{Name: v3User, Auth: "SHA", AuthPass: v3Auth, Priv: "AES", PrivPass: v3Priv}}})
	return f
}

// power reads a port's administrative state from the namespace's kernel.
func (f *fabric) power(port string) (ocf.Power, error) {
	up, err := f.ns.Up(port)
	return ocf.Power(up), err
}

func (f *fabric) mustPower(t testing.TB, port string) ocf.Power {
	t.Helper()
	p, err := f.power(port)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// setAdmin sets a port up or down through snmpd (net-snmp's snmpset), so
// that snmpd's interface cache agrees with the kernel before a run. Ports
// only ever change through snmpd, so one already in that state is left.
func (f *fabric) setAdmin(t testing.TB, port string, up bool) {
	t.Helper()
	if f.mustPower(t, port) == ocf.Power(up) {
		return
	}
	v := "2"
	if up {
		v = "1"
	}
	oid := fmt.Sprintf("%s.%d", oidIfAdminStatus, f.indexes[port])
	out, err := exec.Command(peertest.Program(t, "snmpset"), "-v2c", "-c", community, "127.0.0.1:"+f.Port, oid, "i", v).CombinedOutput()
	if err != nil {
		t.Fatalf("snmpset %s %s: %v\n%s", oid, v, err, out)
	}
	if got := f.mustPower(t, port); got != ocf.Power(up) {
		t.Fatalf("snmpset %s up=%v: the kernel says %v", port, up, got)
	}
}

// params reach the test device with quick timing (see snmptest.Params).
func params(f *fabric, extra ...string) map[string]string {
	return snmptest.Params(f.Port, community, extra...)
}

var v3 = []string{"snmp_version", "3", "username", v3User, "password", v3Auth, "snmp_priv_passwd", v3Priv,
	"snmp_auth_prot", "SHA", "snmp_priv_prot", "AES"}

func run(t testing.TB, action ocf.Action, p map[string]string, plug string) agenttest.Result {
	t.Helper()
	return agenttest.Act(t, New(), name, action, p, plug)
}
