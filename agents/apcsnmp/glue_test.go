package apcsnmp

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestEmulatorWithClusterGlue validates the emulator with cluster-glue's
// plugins, written against real switches: apcmastersnmp (which speaks the
// rPDU tables and only reaches port 161, so it and snmpd run in a
// namespace of their own) lists and resets an outlet, external/rackpdu
// lists, powers off and resets outlets.
func TestEmulatorWithClusterGlue(t *testing.T) {
	stonith := peertest.Program(t, "stonith")
	peertest.Program(t, "snmpwalk")
	t.Run("apcmastersnmp", func(t *testing.T) {
		ns := snmptest.NewNetns(t)
		st := &pdusim.State{Kind: "rpdu", Model: "AP7900", Outlets: snmptest.Outlets(4), RebootMS: 1000}
		p := snmptest.StartPDU(t, st, snmptest.Config{Community: community, Netns: ns.Name, Port: "161"})
		glue := func(args ...string) string {
			t.Helper()
			return stdout(t, ns.Command(stonith, append([]string{"-t", "apcmastersnmp", "ipaddr=127.0.0.1", "port=161", "community=" + community}, args...)...))
		}
		if out := glue("-l"); out != "node1\nnode2\nnode3\nnode4\n" {
			t.Errorf("apcmastersnmp -l: %q", out)
		}
		glue("-T", "reset", "node2")
		if o := p.Device(t).Outlet("node2"); !o.On || o.Offs != 1 || o.Ons != 1 {
			t.Errorf("after apcmastersnmp reset: %+v, want on after one off and one on", o)
		}
	})
	t.Run("rackpdu", func(t *testing.T) {
		p := startPDU(t, "rpdu")
		glue := func(args ...string) string {
			t.Helper()
			return stdout(t, exec.Command(stonith, append([]string{"-t", "external/rackpdu", "pduip=127.0.0.1:" + p.Port,
				"community=" + community, "hostlist=AUTO"}, args...)...))
		}
		if out := glue("-l"); strings.Fields(out) == nil || strings.Join(strings.Fields(out), " ") != "node1 node2 node3 node4" {
			t.Errorf("rackpdu -l: %q", out)
		}
		glue("-T", "off", "node3")
		glue("-T", "reset", "node4")
		d := p.Device(t)
		if o := d.Outlet("node3"); o.On || o.Offs != 1 {
			t.Errorf("after rackpdu off: %+v", o)
		}
		if o := d.Outlet("node4"); !o.On || o.Offs != 1 || o.Ons != 1 {
			t.Errorf("after rackpdu reset: %+v, want on after one off and one on", o)
		}
	})
}

// stdout runs a cluster-glue command and returns what it printed on
// standard output. Its standard error is kept apart: net-snmp writes
// notes there (such as "Created directory: /var/lib/snmp/cert_indexes" on
// a machine where no SNMP tool ran before) that are not the plugin's answer.
func stdout(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v\n%s%s", cmd.Args, err, out, stderr.String())
	}
	return string(out)
}
