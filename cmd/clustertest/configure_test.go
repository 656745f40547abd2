package clustertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// enableFencing turns fencing on, in the crm language.
const enableFencing = "property stonith-enabled=true\n"

// fencingConf is, in the crm language, the devices the rig's fencing
// script configures: one device of agent (fence_exec_ipmi or
// fence_ipmilan) per node for its BMC, named prefix-NODE, kept off the
// node it fences.
func (c *cluster) fencingConf(agent, prefix string) string {
	return c.perNodeDevices(agent, prefix, func(n string) string {
		return fmt.Sprintf("ip=%s ipport=623 username=%s password=%s lanplus=1 cipher=3",
			c.BMCAddr(n), peertest.ClusterBMCUser, peertest.ClusterBMCPass)
	})
}

// perNodeDevices is, in the crm language, one device of agent per node,
// named prefix-NODE, with params(NODE) besides its pcmk_host_list, a
// monitor every minute, and kept off the node it fences.
func (c *cluster) perNodeDevices(agent, prefix string, params func(node string) string) string {
	var b strings.Builder
	for _, n := range c.Nodes {
		fmt.Fprintf(&b, "primitive %[2]s-%[1]s stonith:%[3]s \\\n"+
			"\tparams pcmk_host_list=%[1]s %[4]s \\\n"+
			"\top monitor interval=60s\n"+
			"location %[2]s-%[1]s-not-on-%[1]s %[2]s-%[1]s -inf: %[1]s\n",
			n, prefix, agent, params(n))
	}
	return b.String()
}

// writeTemp writes text to a new file the nodes can read.
func writeTemp(t testing.TB, name, text string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// compareShow checks that executioner configure show, with no file,
// prints the live configuration exactly as crm configure show does.
func (c *cluster) compareShow(node string) {
	c.t.Helper()
	ours, errOut, code := c.executioner(node, "configure", "show")
	if code != 0 {
		c.t.Fatalf("executioner configure show on %s: exit %d: %s", node, code, errOut)
	}
	theirs := c.MustExec(c.t, node, "crm", "configure", "show")
	if ours != theirs {
		c.t.Errorf("executioner configure show differs from crm configure show on the live CIB:\n--- ours\n%s--- crm\n%s", ours, theirs)
	}
}

// compareVerify checks that executioner verify, with no file, judges the
// live CIB as crm_verify -L does: the same exit code, and, when option is
// not "", both name that cluster option; when it is, ours reports no error.
func (c *cluster) compareVerify(node, option string) {
	c.t.Helper()
	ours, oursErr, code := c.executioner(node, "verify")
	theirs, theirsErr, want := c.Exec(node, "crm_verify", "-L", "-V")
	if code != want {
		c.t.Errorf("executioner verify exits %d, crm_verify -L %d\n--- ours\n%s%s--- crm_verify\n%s%s", code, want, ours, oursErr, theirs, theirsErr)
	}
	switch {
	case option == "" && strings.Contains(ours+oursErr, "error:"):
		c.t.Errorf("executioner verify reports errors crm_verify -L does not:\n%s%s", ours, oursErr)
	case option != "" && !strings.Contains(theirs+theirsErr, "'"+option+"'"):
		c.t.Errorf("crm_verify -L does not name %s:\n%s%s", option, theirs, theirsErr)
	case option != "" && !strings.Contains(ours+oursErr, option):
		c.t.Errorf("executioner verify does not name %s:\n%s%s", option, ours, oursErr)
	}
}

// TestLiveConfigure: executioner configure load update installs the
// fencing on the live cluster, executioner verify and configure show work
// on the live CIB as crm_verify -L and crm configure show do, and the
// fencing installed fences a node cut off.
func TestLiveConfigure(t *testing.T) {
	c := newCluster(t, 3)
	node := c.Nodes[0]
	conf := writeTemp(t, "fencing.crm", enableFencing+c.fencingConf("fence_exec_ipmi", "fence"))
	if out, errOut, code := c.executioner(node, "configure", "load", "update", conf); code != 0 {
		t.Fatalf("executioner configure load update on the live cluster: exit %d\n%s%s", code, out, errOut)
	}
	c.waitSettled(len(c.Nodes))
	c.compareShow(node)
	c.compareVerify(node, "")
	c.MustExec(t, node, "crm_attribute", "--type", "crm_config", "--name", "stonith-timeout", "--update", "abc")
	c.compareShow(node)
	c.compareVerify(node, "stonith-timeout")
	c.MustExec(t, node, "crm_attribute", "--type", "crm_config", "--name", "stonith-timeout", "--delete")
	c.concurrentLoads(node, c.observerFor(node))
	c.partition(c.notDC())
}
