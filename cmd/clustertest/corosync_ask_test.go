package clustertest

import (
	"encoding/json"
	"fmt"
	"slices"
	"syscall"
	"testing"
)

// fenceOn runs executioner fence with args on node and returns the
// request it reports; the command must succeed.
func (c *cluster) fenceOn(node string, args ...string) daemonRequest {
	c.t.Helper()
	args = append([]string{"fence"}, append(args, "--socket", daemonSocket, "--output-as", "json")...)
	out, errOut, code := c.executioner(node, args...)
	var r daemonRequest
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
		c.t.Fatalf("%v on %s: exit %d: %s%s", args, node, code, out, errOut)
	}
	return r
}

// holdsDone checks that every node in on holds request id against target
// done, confirmed by by.
func (c *cluster) holdsDone(id, target, by string, on ...string) {
	c.t.Helper()
	for _, n := range on {
		waitFor(c.t, fenceLimit, id+" in the history of "+n, func() (bool, string) {
			rs, why := c.daemonHistory(n)
			return slices.ContainsFunc(rs, func(r daemonRequest) bool {
				return r.ID == id && r.Target == target && r.State == "done" && r.Final != nil && r.Final.By == by
			}), why
		})
	}
}

// TestDaemonFenceFromAnyNode: executioner fence on node3, not the
// coordinator, is carried out by the coordinator (node1) through node2's
// BMC and answers once done; every node, node2 after its reboot included,
// holds the same request. Then fence --done on node2 is recorded
// cluster-wide the same way.
func TestDaemonFenceFromAnyNode(t *testing.T) {
	c := newDaemonCluster(t, 3, func(string) string { return daemonConfig(3, 1) })
	c.waitMembers(c.Nodes...)
	r := c.fenceOn("node3", "node2")
	if r.State != "done" || r.Final == nil || r.Final.By != "device" || r.Origin != "node1" || r.Target != "node2" {
		t.Fatalf("fence node2 on node3: %+v, want done by a device, carried out by node1", r)
	}
	if ev := c.BMC("node2").Events(t); !slices.Contains(ev, "0") {
		t.Errorf("node2's BMC logged %v, want a power off", ev)
	}
	c.waitMembers(c.Nodes...)
	c.holdsDone(r.ID, "node2", "device", c.Nodes...)

	l := c.fenceOn("node2", "--done", "node3")
	if l.State != "done" || l.Final == nil || l.Final.By != "lower-layer" {
		t.Fatalf("fence --done node3 on node2: %+v, want done by a lower layer", l)
	}
	c.holdsDone(l.ID, "node3", "lower-layer", c.Nodes...)
}

// TestDaemonCoordinatorKilledMidReboot: node3 is cut off and node1, the
// coordinator, reboots it through a device slowed by power_wait; while
// the agent waits between off and on, node1's daemon is killed -9. node2
// adopts the request and its device finishes it: one request against
// node3 in every history, node1's, done by a device, never done before.
// node1, its daemon gone while its corosync runs, is unclean and fenced
// too (as Pacemaker fences a node whose controller died); it reboots,
// rejoins and holds the same record.
func TestDaemonCoordinatorKilledMidReboot(t *testing.T) {
	c := newDaemonCluster(t, 3, func(string) string {
		return daemonConfigWith(3, 1, func(node string) string {
			if node != "node3" {
				return ""
			}
			return `<nvpair id="fence-node3-pw" name="power_wait" value="20"/>` + "\n"
		})
	})
	c.waitMembers(c.Nodes...)
	c.Script(t, "cut", "node3")
	waitFor(t, fenceLimit, "node1's agent between off and on", func() (bool, string) {
		ev := c.BMC("node3").Events(t)
		rs, why := c.daemonHistory("node2")
		pending := slices.ContainsFunc(rs, func(r daemonRequest) bool { return r.Target == "node3" && r.State == "pending" })
		return pending && slices.Contains(ev, "0"), fmt.Sprintf("node3's BMC %v; %s", ev, why)
	})
	rs, _ := c.daemonHistory("node2")
	if done := doneFor(rs, "node3"); len(done) != 0 {
		t.Fatalf("node3 done before its reboot ended: %+v", done)
	}
	c.SignalProgram(t, "node1", "executioner", syscall.SIGKILL)
	id := c.waitFencedEverywhere("node3", "node2")
	rs, _ = c.daemonHistory("node2")
	for _, r := range rs {
		if r.Target == "node3" && (r.ID != id || r.Origin != "node1") {
			t.Errorf("request against node3 %+v besides node1's %s, adopted", r, id)
		}
	}
	c.waitFencedEverywhere("node1", "node2")
	c.Script(t, "heal", "node3")
	c.waitMembers(c.Nodes...)
	for _, n := range c.Nodes {
		if got := c.waitFencedEverywhere("node3", n); got != id {
			t.Errorf("%s holds %s done against node3, node2 %s", n, got, id)
		}
	}
}
