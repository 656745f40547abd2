package daemon

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// powering is a runner whose successful reboot of node1 powers node1's
// corosync off on the Hub, as a real device stops the node.
type powering struct {
	fencer.Runner
	hub *membership.Hub
}

func (p *powering) Run(ctx context.Context, agent, action string, params map[string]string, timeout time.Duration) fencer.RunResult {
	r := p.Runner.Run(ctx, agent, action, params, timeout)
	if action == string(cib.FenceReboot) && r.Err == nil && r.Code == 0 {
		p.hub.Stop(1)
	}
	return r
}

// TestANodeBootingWithoutItsDaemonIsNotFenced: node1's corosync is a
// member and its daemon never starts (disabled, or slow); node2's daemon
// starts and coordinates (dc-deadtime 0). No daemon ever saw node1's, so
// node1 is pending, as Pacemaker leaves a node whose controller never
// joined: status names it so, and nothing fences it.
func TestANodeBootingWithoutItsDaemonIsNotFenced(t *testing.T) {
	h := membership.NewHub(2)
	bootAll(h, 2)
	n := startNode(t, h, 2, configFile(t, 2, 1))
	n.wait("node2 coordinating, node1 pending", "", func([]fencer.Request) bool {
		s := n.d.Status()
		return s.Settled && s.Ready && s.Coordinator == 2 && slices.Equal(s.Pending, []uint32{1})
	})
	// One more round: a plan to fence node1 would have been multicast
	// before this marker comes back.
	n.d.record(groupUp("node9"))
	n.wait("the marker", "", func([]fencer.Request) bool {
		return slices.ContainsFunc(n.d.History(), func(r groupRecord) bool { return r.Target == "node9" })
	})
	if rs := n.history.ByTarget("node1"); len(rs) != 0 {
		t.Errorf("node1, booting without its daemon, was fenced: %+v", rs)
	}
	if s := n.d.Status(); len(s.Gone) != 0 {
		t.Errorf("status gone %v, want none", s.Gone)
	}
}

// TestARestartedDaemonFencesANodeWhoseDaemonDiedFromItsSavedState:
// node2's daemon shuts down in order, then node1's is killed; a new
// daemon on node2, the only one, never saw node1's die, but its saved
// expected states say node1's controller was up: node1 is gone, and
// node2 fences it once.
func TestARestartedDaemonFencesANodeWhoseDaemonDiedFromItsSavedState(t *testing.T) {
	h := membership.NewHub(2)
	bootAll(h, 2)
	config := configFile(t, 2, 1)
	dir := t.TempDir()
	nodes := []*node{startNode(t, h, 1, config), startNodeIn(t, h, 2, config, dir, nil)}
	settled(nodes, 2)
	nodes[1].stop()
	nodes[1].stop = nil
	nodes[0].wait("node2's daemon gone", "", func([]fencer.Request) bool {
		return len(nodes[0].d.Status().Members) == 1
	})
	if err := nodes[0].m.Close(); err != nil { // kill -9: no goodbye
		t.Fatal(err)
	}
	n := startNodeIn(t, h, 2, config, dir, func(r fencer.Runner) fencer.Runner { return &powering{Runner: r, hub: h} })
	rs := n.wait("node1 fenced", "node1", doneOnce)
	if len(rs) != 1 || rs[0].Final.By != fencer.ByDevice || rs[0].Origin != "node2" {
		t.Errorf("node1's history %+v, want one request done by node2's device", rs)
	}
	if !n.saw("node 1 is a member whose daemon left without shutting down") {
		t.Error("node2 did not report node1 gone")
	}
	id := rs[0].ID
	n.wait("the final record", "", func([]fencer.Request) bool {
		return slices.ContainsFunc(n.d.History(), func(r groupRecord) bool { return r.ID == id+"/final" })
	})
	n.d.mu.Lock()
	defer n.d.mu.Unlock()
	if n.d.g.ExpectedMember(1) {
		t.Error("node1 fenced, still an expected member")
	}
}
