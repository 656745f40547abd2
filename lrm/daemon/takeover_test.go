package daemon

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// settled waits until every node sees a settled, quorate group of n.
func settled(nodes []*node, n int) {
	for _, x := range nodes {
		x.wait("settled", "", func([]fencer.Request) bool {
			s := x.d.Status()
			return s.Settled && s.Quorate && len(s.Members) == n
		})
	}
}

func TestTheCoordinatorCutOffIsFencedByTheNewOne(t *testing.T) {
	h, nodes := cluster(t, 3)
	settled(nodes, 3)
	h.Partition([]uint32{1})
	for _, n := range nodes[1:] {
		n.wait("node1 fenced", "node1", doneOnce)
		if s := n.d.Status(); s.Coordinator != 2 {
			t.Errorf("%s: coordinator %d, want 2", n.name, s.Coordinator)
		}
	}
	if rs := nodes[0].history.ByTarget("node1"); len(rs) != 0 {
		t.Errorf("node1 alone fenced itself: %+v", rs)
	}
}

func TestNobodyFencesInAnEvenSplit(t *testing.T) {
	h, nodes := cluster(t, 4)
	settled(nodes, 4)
	h.Partition([]uint32{1, 2}, []uint32{3, 4})
	for _, n := range nodes {
		n.wait("split", "", func([]fencer.Request) bool {
			s := n.d.Status()
			return s.Settled && len(s.Members) == 2 && !s.Quorate
		})
	}
	// One more round of messages in each half: a coordinator that meant
	// to fence would have multicast its request before this comes back.
	for _, pair := range [][2]*node{{nodes[0], nodes[1]}, {nodes[2], nodes[3]}} {
		pair[0].d.record(groupUp("node9"))
		pair[1].wait("the marker", "", func([]fencer.Request) bool {
			return slices.ContainsFunc(pair[1].d.History(), func(r groupRecord) bool { return r.Target == "node9" })
		})
	}
	for _, n := range nodes {
		if rs := n.history.Last(0); len(rs) != 0 {
			t.Errorf("%s fenced without quorum: %+v", n.name, rs)
		}
	}
}

// held is a runner whose reboots hang until their context ends, as an
// agent does in the middle of a reboot on a node that dies.
type held struct {
	fencer.Runner
	started chan struct{}
}

func (r *held) Run(ctx context.Context, agent, action string, params map[string]string, timeout time.Duration) fencer.RunResult {
	if action != string(cib.FenceReboot) {
		return r.Runner.Run(ctx, agent, action, params, timeout)
	}
	select {
	case r.started <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return fencer.RunResult{Err: ctx.Err()}
}

// A coordinator whose daemon dies while its agent reboots node3 is
// replaced by node2, which closes the orphan as failed and fences node3.
func TestACoordinatorLostMidRebootIsReplacedWithoutAnUnconfirmedSuccess(t *testing.T) {
	h := membership.NewHub(3)
	config := configFile(t, 3, 1)
	hold := &held{started: make(chan struct{}, 1)}
	var nodes []*node
	for i := uint32(1); i <= 3; i++ {
		h.Boot(i, 1)
		var wrap func(fencer.Runner) fencer.Runner
		if i == 1 {
			wrap = func(r fencer.Runner) fencer.Runner { hold.Runner = r; return hold }
		}
		nodes = append(nodes, startNodeWith(t, h, i, config, wrap))
	}
	settled(nodes, 3)
	h.Partition([]uint32{3})
	<-hold.started // node1's agent is rebooting node3
	nodes[1].wait("the pending request", "node3", func(rs []fencer.Request) bool {
		return len(rs) == 1 && rs[0].State == fencer.StatePending
	})
	nodes[0].stop() // the coordinator's daemon dies; its node's corosync keeps its vote
	nodes[0].stop = nil
	rs := nodes[1].wait("node3 fenced by node2", "node3", doneOnce)
	for _, r := range rs {
		if r.State == fencer.StateDone && (r.Origin != "node2" || r.Final.By != fencer.ByDevice) {
			t.Errorf("done request %+v, want node2's, confirmed by its device", r)
		}
		if r.Origin == "node1" && r.State != fencer.StateFailed {
			t.Errorf("node1's interrupted request is %s, want failed", r.State)
		}
	}
}

func TestEveryNodeReportsAConfigurationMismatch(t *testing.T) {
	h := membership.NewHub(3)
	old, newer := configFile(t, 3, 1), configFile(t, 3, 2)
	var nodes []*node
	for i := uint32(1); i <= 3; i++ {
		h.Boot(i, 1)
		cfg := old
		if i == 3 {
			cfg = newer
		}
		nodes = append(nodes, startNode(t, h, i, cfg))
	}
	for _, n := range nodes {
		n.wait("mismatch", "", func([]fencer.Request) bool {
			s := n.d.Status()
			return s.Settled && len(s.Members) == 3 && len(s.Mismatch) == 2 && s.Coordinator == 3
		})
	}
}

type groupRecord = group.Record

func groupUp(name string) group.Record { return group.Record{Kind: group.KindUp, Target: name} }
