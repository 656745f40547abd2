package clustertest

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
)

// TestDaemonNewDaemonFencesANodeWhoseDaemonDied: two nodes. node2's
// daemon is stopped in order (node1's, left alone, does not fence node2
// for it), then node1's daemon is killed -9 with no other daemon left to
// see it go, and a new daemon starts on node2. It never saw node1's
// daemon die, but its saved expected states say node1's controller was
// up (an expected member) and node1's corosync is a member without its
// daemon: node1's controller is gone, and once the start-up wait
// (dc-deadtime) is over node2 fences it through its BMC, once, as
// Pacemaker fences a member whose controller left. node1 reboots, its daemon rejoins, and both
// nodes hold the same record; node2 was never fenced.
func TestDaemonNewDaemonFencesANodeWhoseDaemonDied(t *testing.T) {
	c := newDaemonCluster(t, 2, func(string) string { return daemonConfig(2, 1) })
	c.waitMembers(c.Nodes...)
	stopped := c.ProgramProcs(t, "node2", "executioner")
	c.SignalProgram(t, "node2", "executioner", syscall.SIGTERM)
	waitFor(t, settleLimit, "node2's daemon gone, node1's alone", func() (bool, string) {
		s, why := c.daemonStatus("node1")
		return stopped.Alive() == 0 && s.Cluster != nil && s.Cluster.Settled && len(s.Cluster.Members) == 1, why
	})
	killed := c.ProgramProcs(t, "node1", "executioner")
	c.SignalProgram(t, "node1", "executioner", syscall.SIGKILL)
	waitFor(t, settleLimit, "node1's daemon gone", func() (bool, string) {
		return killed.Alive() == 0, fmt.Sprintf("%d of node1's daemon processes alive", killed.Alive())
	})
	node1 := c.ProgramProcs(t, "node1", "corosync")
	c.startDaemon("node2")
	id := c.waitFencedEverywhere("node1", "node2")
	waitFor(t, fenceLimit, "node1's processes gone", func() (bool, string) {
		return node1.Alive() == 0, fmt.Sprintf("%d of node1's processes alive", node1.Alive())
	})
	if ev := c.BMC("node1").Events(t); len(ev) == 0 || ev[0] != "0" {
		t.Errorf("node1's BMC logged %v, want a power off first", ev)
	}
	want := "node 1 is a member whose daemon left without shutting down"
	if out, _, _ := c.Exec("node2", "cat", "/var/log/node-cmd.log"); !strings.Contains(out, want) {
		t.Errorf("node2's log does not say %q", want)
	}
	c.waitMembers(c.Nodes...)
	for _, n := range c.Nodes {
		if got := c.waitFencedEverywhere("node1", n); got != id {
			t.Errorf("%s holds %s done against node1, node2 %s", n, got, id)
		}
		rs, why := c.daemonHistory(n)
		for _, r := range rs {
			if r.Target == "node2" {
				t.Errorf("%s: node2, its daemon stopped in order, was fenced: %s", n, why)
			}
		}
	}
	if ev := c.BMC("node2").Events(t); len(ev) != 0 {
		t.Errorf("node2's BMC logged power changes %v", ev)
	}
}
