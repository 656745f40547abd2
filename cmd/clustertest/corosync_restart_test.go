package clustertest

import (
	"syscall"
	"testing"
	"time"
)

// TestDaemonHistoryAfterRestart: node3 is cut off and fenced while it
// cannot hear of it; then every node is powered off and on again. No
// daemon keeps anything in memory across that, and node3's disk never
// held the record: it shows the fencing afterwards only because node1 and
// node2 saved the cluster's records and read them back. Nobody is fenced
// again.
func TestDaemonHistoryAfterRestart(t *testing.T) {
	c := newDaemonCluster(t, 3, func(string) string { return daemonConfig(3, 1) })
	c.waitMembers(c.Nodes...)
	c.Script(t, "cut", "node3")
	id := c.waitFencedEverywhere("node3", "node1", "node2")
	for _, n := range c.Nodes {
		if err := c.Power(n, false); err != nil {
			t.Fatal(err)
		}
	}
	c.Script(t, "heal", "node3")
	for _, n := range c.Nodes {
		if err := c.Power(n, true); err != nil {
			t.Fatal(err)
		}
	}
	c.waitMembers(c.Nodes...)
	for _, n := range c.Nodes {
		if got := c.waitFencedEverywhere("node3", n); got != id {
			t.Errorf("%s holds %s done against node3, want %s", n, got, id)
		}
		rs, _ := c.daemonHistory(n)
		for _, r := range rs {
			if r.ID != id {
				t.Errorf("%s: request %+v after the restart, want only %s", n, r, id)
			}
		}
	}
}

// TestDaemonOrderlyStop: the coordinator's daemon gets SIGTERM. It
// announces its leaving, node2 coordinates, and node1 (its corosync still
// running) is down as expected, not unclean: nobody fences it. A fence
// --done asked on node3 afterwards is the marker: the coordinator has
// planned since node1 left by the time it answers.
func TestDaemonOrderlyStop(t *testing.T) {
	c := newDaemonCluster(t, 3, func(string) string { return daemonConfig(3, 1) })
	c.waitMembers(c.Nodes...)
	start := time.Now()
	c.SignalProgram(t, "node1", "executioner", syscall.SIGTERM)
	waitFor(t, settleLimit, "node2 coordinating", func() (bool, string) {
		s, why := c.daemonStatus("node2")
		return s.Cluster != nil && s.Cluster.Settled && s.Cluster.Coordinator == 2, why
	})
	t.Logf("node2 coordinates %v after node1's daemon got SIGTERM", time.Since(start).Round(time.Millisecond))
	r := c.fenceOn("node3", "--done", "node2")
	if r.State != "done" || r.Origin != "node2" {
		t.Errorf("fence --done node2 on node3: %+v, want done, recorded by node2", r)
	}
	for _, n := range []string{"node2", "node3"} {
		rs, why := c.daemonHistory(n)
		for _, q := range rs {
			if q.Target == "node1" {
				t.Errorf("%s: node1, stopped in order, was fenced: %s", n, why)
			}
		}
	}
	if ev := c.BMC("node1").Events(t); len(ev) != 0 {
		t.Errorf("node1's BMC logged power changes %v", ev)
	}
}
