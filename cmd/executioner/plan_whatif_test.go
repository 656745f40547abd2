package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// whatIfCIB is a healthy 3-node cluster: every node online, one device
// per node, nothing to fence.
const whatIfCIB = `<cib epoch="3" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" have-quorum="1" dc-uuid="1">
<configuration><crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="true"/></cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
<resources>
<primitive id="st1" class="stonith" type="fence_dummy"><instance_attributes id="st1-ia"><nvpair id="st1-h" name="pcmk_host_list" value="node1"/></instance_attributes></primitive>
<primitive id="st2" class="stonith" type="fence_dummy"><instance_attributes id="st2-ia"><nvpair id="st2-h" name="pcmk_host_list" value="node2"/></instance_attributes></primitive>
<primitive id="st3" class="stonith" type="fence_dummy"><instance_attributes id="st3-ia"><nvpair id="st3-h" name="pcmk_host_list" value="node3"/></instance_attributes></primitive>
</resources><constraints/></configuration>
<status><node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="true" crmd="online" join="member" expected="member"/></status></cib>`

// TestPlanWhatIf: plan --what-if STATE=NODE fences what Pacemaker's
// scheduler fences after crm_simulate's own injection of that state
// (--node-fail, --node-down, --node-up).
func TestPlanWhatIf(t *testing.T) {
	sim := peertest.Program(t, "crm_simulate")
	fromGraph := peertest.Shared(t, "conformance", "scheduler", "fences-from-graph")
	dir := t.TempDir()
	path := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(path, []byte(whatIfCIB), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		whatIf []string
		inject []string
	}{
		{[]string{"lost=node3"}, []string{"--node-fail", "node3"}},
		{[]string{"lost=node2", "lost=node3"}, []string{"--node-fail", "node2", "--node-fail", "node3"}},
		{[]string{"offline=node2"}, []string{"--node-down", "node2"}},
		{[]string{"lost=node2", "online=node2"}, []string{"--node-up", "node2"}},
	} {
		var args []string
		for _, w := range c.whatIf {
			args = append(args, "--what-if", w)
		}
		out, code := runPlan(t, append(append(args, "--format", "fences"), path)...)
		if code != 0 {
			t.Fatalf("plan %v: exit %d\n%s", c.whatIf, code, out)
		}
		graph := filepath.Join(dir, "graph.xml")
		simArgs := append([]string{"-x", path, "-R", "-Q", "-G", graph}, c.inject...)
		if b, err := exec.Command(sim, simArgs...).CombinedOutput(); err != nil {
			t.Fatalf("crm_simulate %v: %v\n%s", simArgs, err, b)
		}
		want, err := exec.Command(fromGraph, graph).Output()
		if err != nil {
			t.Fatalf("fences-from-graph: %v", err)
		}
		if got, w := strings.Join(sortedLines(out), "\n"), strings.Join(sortedLines(string(want)), "\n"); got != w {
			t.Errorf("plan %v:\n%s\nPacemaker after %v:\n%s", c.whatIf, got, c.inject, w)
		}
	}
}
