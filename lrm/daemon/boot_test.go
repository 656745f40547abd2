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

// TestANodeWithoutItsDaemonIsFencedByADaemonThatNeverSawIt: node1's
// corosync is a member, its daemon is not running, and node2's daemon
// starts (it never saw node1's). Past the join timeout (here dc-deadtime,
// 0) node1 is overdue, a node whose controller is gone: node2 fences it,
// and once node1 is down nothing is overdue any more.
func TestANodeWithoutItsDaemonIsFencedByADaemonThatNeverSawIt(t *testing.T) {
	h := membership.NewHub(2)
	bootAll(h, 2)
	n := startDaemon(t, h, 2, configFile(t, 2, 1), t.TempDir(),
		func(r fencer.Runner) fencer.Runner { return &powering{Runner: r, hub: h} }, 0)
	rs := n.wait("node1 fenced", "node1", doneOnce)
	if len(rs) != 1 || rs[0].Final.By != fencer.ByDevice || rs[0].Origin != "node2" {
		t.Errorf("node1's history %+v, want one request done by node2's device", rs)
	}
	if !n.saw("node 1 has been a member for the join timeout") {
		t.Error("node2 did not report node1 overdue")
	}
	n.wait("node1 down", "", func([]fencer.Request) bool {
		s := n.d.Status()
		return slices.Equal(s.Quorum, []uint32{2})
	})
	if s := n.d.Status(); len(s.Overdue) != 0 {
		t.Errorf("overdue %v with node1 down, want none", s.Overdue)
	}
}
