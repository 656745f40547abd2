package apcsnmp

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

func TestScratch(t *testing.T) {
	p := snmptest.StartPDU(t, &pdusim.State{Kind: "rpdu", Model: "AP7900", Outlets: snmptest.Outlets(4)}, snmptest.Config{Community: "private"})
	out, err := exec.Command(peertest.Program(t, "snmpwalk"), "-v1", "-c", "private", "-On", "127.0.0.1:"+p.Port, ".1.3.6.1.4.1.318").CombinedOutput()
	t.Logf("%v\n%s", err, out)
	out, err = exec.Command(peertest.Program(t, "snmpget"), "-v1", "-c", "private", "-On", "127.0.0.1:"+p.Port, ".1.3.6.1.2.1.1.2.0").CombinedOutput()
	t.Logf("%v\n%s", err, out)
	for _, a := range []string{"status", "off", "status", "list", "on", "reboot"} {
		cmd := exec.Command("fence_apc_snmp", "-a", "127.0.0.1", "-u", p.Port, "-c", "private", "-n", "node2", "-o", a, "--power-wait=0")
		out, err = cmd.CombinedOutput()
		t.Logf("%s: %v\n%s", a, err, strings.TrimSpace(string(out)))
	}
	t.Logf("%+v", p.Device(t).Outlets[1])
}
