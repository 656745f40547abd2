package clustertest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// Where the daemon keeps its files inside a node: its history on the
// node's disk (it survives a reboot), its socket in the node's /run.
const (
	daemonDir    = "/var/lib/pacemaker/executioner"
	daemonSocket = "/run/executioner.sock"
)

// daemonConfig is the configuration file of a corosync cluster of n nodes
// run by executioner alone: one fence_exec_ipmi device per node for its
// BMC, kept off the node it fences; epoch is its version.
func daemonConfig(n, epoch int) string { return daemonConfigWith(n, epoch, nil) }

// daemonConfigWith is daemonConfig with extra nvpairs (extra(node), when
// set) in the instance attributes of the device that fences node.
func daemonConfigWith(n, epoch int, extra func(node string) string) string {
	var nodes, res, cons strings.Builder
	for i := 1; i <= n; i++ {
		node := fmt.Sprintf("node%d", i)
		more := ""
		if extra != nil {
			more = extra(node)
		}
		fmt.Fprintf(&nodes, "<node id=\"%d\" uname=\"%s\"/>\n", i, node)
		fmt.Fprintf(&res, `<primitive id="fence-%[1]s" class="stonith" type="fence_exec_ipmi">
<instance_attributes id="fence-%[1]s-ia">
<nvpair id="fence-%[1]s-hl" name="pcmk_host_list" value="%[1]s"/>
<nvpair id="fence-%[1]s-ip" name="ip" value="10.99.1.%[2]d"/>
<nvpair id="fence-%[1]s-port" name="ipport" value="623"/>
<nvpair id="fence-%[1]s-user" name="username" value="%[3]s"/>
<nvpair id="fence-%[1]s-pass" name="password" value="%[4]s"/>
<nvpair id="fence-%[1]s-lan" name="lanplus" value="1"/>
<nvpair id="fence-%[1]s-cipher" name="cipher" value="3"/>
%[5]s</instance_attributes></primitive>
`, node, 100+i, peertest.ClusterBMCUser, peertest.ClusterBMCPass, more)
		fmt.Fprintf(&cons, "<rsc_location id=\"fence-%[1]s-not-on-%[1]s\" rsc=\"fence-%[1]s\" node=\"%[1]s\" score=\"-INFINITY\"/>\n", node)
	}
	return fmt.Sprintf(`<cib admin_epoch="0" epoch="%d" num_updates="0" validate-with="pacemaker-3.9" crm_feature_set="3.17.4">
<configuration>
<crm_config><cluster_property_set id="cib-bootstrap-options">
<nvpair id="opt-se" name="stonith-enabled" value="true"/>
<nvpair id="opt-st" name="stonith-timeout" value="60s"/>
</cluster_property_set></crm_config>
<nodes>
%s</nodes>
<resources>
%s</resources>
<constraints>
%s</constraints>
</configuration>
<status/>
</cib>
`, epoch, nodes.String(), res.String(), cons.String())
}

// newDaemonCluster starts n nodes running corosync and executioner's
// daemon alone (no Pacemaker), every node on the configuration file that
// config returns for it.
func newDaemonCluster(t testing.TB, n int, config func(node string) string) *cluster {
	t.Helper()
	dir := t.TempDir()
	for i := 1; i <= n; i++ {
		node := fmt.Sprintf("node%d", i)
		if err := os.WriteFile(filepath.Join(dir, node+".xml"), []byte(config(node)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(peertest.RepoRoot(t), "bin", "executioner")
	cmd := fmt.Sprintf(`%[1]s run --membership corosync --cib %[2]s/$NSC_NODE.xml --node $NSC_NODE `+
		`--history %[3]s/history --live-cib %[3]s/live.xml --socket %[4]s --agents-dir /usr/sbin`, bin, dir, daemonDir, daemonSocket)
	c := newCluster(t, n, "NSC_STACK=corosync", "NSC_NODE_CMD="+cmd)
	c.daemonCmd = cmd
	return c
}

// startDaemon starts executioner's daemon again in node, as the node's
// boot starts it (its output goes to the same log).
func (c *cluster) startDaemon(node string) {
	c.t.Helper()
	c.MustExec(c.t, node, "sh", "-c", "NSC_NODE="+node+"; export NSC_NODE; setsid "+c.daemonCmd+" </dev/null >>/var/log/node-cmd.log 2>&1 &")
}

// daemonStatus is what executioner status --output-as json says of the
// cluster.
type daemonStatus struct {
	Cluster *struct {
		Coordinator uint32   `json:"coordinator"`
		Settled     bool     `json:"settled"`
		Quorate     bool     `json:"quorate"`
		Quorum      []uint32 `json:"quorum"`
		Mismatch    []struct {
			Name string `json:"name"`
		} `json:"mismatch"`
		Members []struct {
			Name string `json:"name"`
		} `json:"members"`
	} `json:"cluster"`
}

func (c *cluster) daemonStatus(node string) (daemonStatus, string) {
	out, errOut, code := c.executioner(node, "status", "--socket", daemonSocket, "--output-as", "json")
	var s daemonStatus
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil || s.Cluster == nil {
		return daemonStatus{}, fmt.Sprintf("status on %s: exit %d: %s%s", node, code, out, errOut)
	}
	return s, out
}

// daemonRequest is one request of executioner history --output-as json.
type daemonRequest struct {
	ID     string `json:"id"`
	Target string `json:"target"`
	Action string `json:"action"`
	Origin string `json:"origin"`
	State  string `json:"state"`
	Final  *struct {
		By     string `json:"by"`
		Reason string `json:"reason"`
	} `json:"final"`
}

// String shows r with how it ended, for failure messages.
func (r daemonRequest) String() string {
	s := fmt.Sprintf("%s (%s %s from %s): %s", r.ID, r.Action, r.Target, r.Origin, r.State)
	if r.Final != nil {
		s += fmt.Sprintf(" by %q reason %q", r.Final.By, r.Final.Reason)
	}
	return s
}

func (c *cluster) daemonHistory(node string) ([]daemonRequest, string) {
	out, errOut, code := c.executioner(node, "history", "--socket", daemonSocket, "--output-as", "json")
	var rs []daemonRequest
	if code != 0 || json.Unmarshal([]byte(out), &rs) != nil {
		return nil, fmt.Sprintf("history on %s: exit %d: %s%s", node, code, out, errOut)
	}
	return rs, out
}

// waitMembers waits until every node in nodes reports a settled, quorate
// group of exactly those nodes, with a coordinator (past dc-deadtime).
func (c *cluster) waitMembers(nodes ...string) {
	c.t.Helper()
	for _, n := range nodes {
		waitFor(c.t, settleLimit, n+" in a settled group of "+strings.Join(nodes, " "), func() (bool, string) {
			s, why := c.daemonStatus(n)
			return s.Cluster != nil && s.Cluster.Settled && s.Cluster.Quorate && s.Cluster.Coordinator != 0 &&
				len(s.Cluster.Members) == len(nodes), why
		})
	}
}

// doneFor returns the requests against target that are done.
func doneFor(rs []daemonRequest, target string) []daemonRequest {
	var out []daemonRequest
	for _, r := range rs {
		if r.Target == target && r.State == "done" {
			out = append(out, r)
		}
	}
	return out
}

// waitFencedEverywhere waits until every node in on shows exactly one
// done request against target, the same one, confirmed by a device.
func (c *cluster) waitFencedEverywhere(target string, on ...string) string {
	c.t.Helper()
	id := ""
	for _, n := range on {
		waitFor(c.t, fenceLimit, target+" fenced in the history of "+n, func() (bool, string) {
			rs, why := c.daemonHistory(n)
			return len(doneFor(rs, target)) > 0, why
		})
		rs, _ := c.daemonHistory(n)
		done := doneFor(rs, target)
		if len(done) != 1 || done[0].Final == nil || done[0].Final.By != "device" {
			c.t.Errorf("%s: requests done against %s: %+v, want exactly one, by a device", n, target, done)
			continue
		}
		if id == "" {
			id = done[0].ID
		} else if done[0].ID != id {
			c.t.Errorf("%s records request %s done, another node %s", n, done[0].ID, id)
		}
	}
	return id
}

// TestDaemonOnCorosync: executioner's daemon alone on corosync. One node
// cut off is fenced exactly once through its BMC by the quorate side, and
// every survivor records the same request; healed, the node reboots,
// rejoins and holds the record too. Then the coordinator itself is cut
// off, and the new coordinator fences it.
func TestDaemonOnCorosync(t *testing.T) {
	c := newDaemonCluster(t, 3, func(string) string { return daemonConfig(3, 1) })
	c.waitMembers(c.Nodes...)
	s, _ := c.daemonStatus("node2")
	if s.Cluster.Coordinator != 1 {
		t.Fatalf("coordinator %d, want node 1 (the lowest node id)", s.Cluster.Coordinator)
	}

	procs := c.ProgramProcs(t, "node3", "corosync", "executioner")
	c.Script(t, "cut", "node3")
	id := c.waitFencedEverywhere("node3", "node1", "node2")
	if ev := c.BMC("node3").Events(t); !slices.Contains(ev, "0") {
		t.Errorf("node3's BMC logged %v, want a power off", ev)
	}
	waitFor(t, fenceLimit, "node3's processes gone", func() (bool, string) {
		alive := procs.Alive()
		return alive == 0, fmt.Sprintf("%d of node3's processes alive", alive)
	})
	c.Script(t, "heal", "node3")
	c.waitMembers(c.Nodes...)
	if got := c.waitFencedEverywhere("node3", "node3"); got != id {
		t.Errorf("node3 holds request %s, the others %s", got, id)
	}

	c.Script(t, "cut", "node1")
	c.waitFencedEverywhere("node1", "node2", "node3")
	s, _ = c.daemonStatus("node2")
	if s.Cluster.Coordinator != 2 {
		t.Errorf("coordinator after node1 was cut: %d, want 2", s.Cluster.Coordinator)
	}
}

// TestDaemonEvenSplit: four nodes split two against two (the hub's
// cluster switch cut in two, no quorum device): neither half has quorum,
// both say so, and nobody fences anybody.
func TestDaemonEvenSplit(t *testing.T) {
	c := newDaemonCluster(t, 4, func(string) string { return daemonConfig(4, 1) })
	c.waitMembers(c.Nodes...)
	for _, args := range [][]string{{"link", "add", "brc2", "type", "bridge"}, {"link", "set", "brc2", "up"},
		{"link", "set", "c3", "master", "brc2"}, {"link", "set", "c4", "master", "brc2"}} {
		if out, err := exec.Command("ip", append([]string{"-n", "nsc-hub"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v\n%s", args, err, out)
		}
	}
	for _, n := range c.Nodes {
		waitFor(t, settleLimit, n+" in a half without quorum", func() (bool, string) {
			s, why := c.daemonStatus(n)
			return s.Cluster != nil && s.Cluster.Settled && !s.Cluster.Quorate && len(s.Cluster.Quorum) == 2, why
		})
		out, _, _ := c.executioner(n, "status", "--socket", daemonSocket)
		if !strings.Contains(out, "without quorum") {
			t.Errorf("%s: status does not say the partition has no quorum:\n%s", n, out)
		}
	}
	// The daemons plan on every change; a fencing would have started by
	// the time each half has exchanged another round of state. Heal and
	// check nothing was ever requested.
	if out, err := exec.Command("ip", "-n", "nsc-hub", "link", "set", "c3", "master", "brc").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := exec.Command("ip", "-n", "nsc-hub", "link", "set", "c4", "master", "brc").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c.waitMembers(c.Nodes...)
	for _, n := range c.Nodes {
		if rs, why := c.daemonHistory(n); len(rs) != 0 {
			t.Errorf("%s: fencing requests without quorum: %s", n, why)
		}
		if ev := c.BMC(n).Events(t); len(ev) != 0 {
			t.Errorf("%s's BMC logged power changes %v", n, ev)
		}
	}
}

// TestDaemonConfigMismatch: node3 runs another configuration (a newer
// epoch, another stonith-timeout): every node reports the mismatch, and
// node3's, the highest version, wins.
func TestDaemonConfigMismatch(t *testing.T) {
	c := newDaemonCluster(t, 3, func(node string) string {
		if node == "node3" {
			return strings.Replace(daemonConfig(3, 2), `value="60s"`, `value="90s"`, 1)
		}
		return daemonConfig(3, 1)
	})
	c.waitMembers(c.Nodes...)
	for _, n := range c.Nodes {
		waitFor(t, settleLimit, n+" reporting the mismatch", func() (bool, string) {
			s, why := c.daemonStatus(n)
			return s.Cluster != nil && len(s.Cluster.Mismatch) == 2 && s.Cluster.Coordinator == 3, why
		})
		out, _, _ := c.executioner(n, "status", "--socket", daemonSocket)
		if !strings.Contains(out, "configuration mismatch: node1") || !strings.Contains(out, "configuration mismatch: node2") {
			t.Errorf("%s: status does not name node1 and node2:\n%s", n, out)
		}
	}
}

// TestDaemonTwoOfFive: two nodes of five cut at once are both fenced, one
// after the other, as the plan orders them with concurrent-fencing off
// (Pacemaker 2.1.5's default), and every survivor records both.
func TestDaemonTwoOfFive(t *testing.T) {
	c := newDaemonCluster(t, 5, func(string) string { return daemonConfig(5, 1) })
	c.waitMembers(c.Nodes...)
	c.Script(t, "cut", "node4")
	c.Script(t, "cut", "node5")
	for _, target := range []string{"node4", "node5"} {
		c.waitFencedEverywhere(target, "node1", "node2", "node3")
	}
	out, _, _ := c.executioner("node1", "history", "--socket", daemonSocket, "--output-as", "json")
	var rs []struct {
		Target    string    `json:"target"`
		State     string    `json:"state"`
		Requested time.Time `json:"requested"`
		Final     *struct {
			Completed time.Time `json:"completed"`
		} `json:"final"`
	}
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatal(err)
	}
	var done []int
	for i, r := range rs {
		if r.State == "done" {
			done = append(done, i)
		}
	}
	if len(done) != 2 {
		t.Fatalf("done requests on node1: %s", out)
	}
	first, second := rs[done[0]], rs[done[1]]
	if second.Requested.Before(first.Final.Completed) {
		t.Errorf("%s was requested at %v, before %s's fencing ended at %v: concurrent, the plan says one at a time",
			second.Target, second.Requested, first.Target, first.Final.Completed)
	}
}
