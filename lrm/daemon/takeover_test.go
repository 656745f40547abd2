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
			return s.Settled && s.Ready && s.Quorate && len(s.Members) == n
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

// startHolding starts 3 nodes on h whose node k's reboots hang (held),
// and returns once they have settled.
func startHolding(t *testing.T, h *membership.Hub, config string, k uint32) ([]*node, *held) {
	hold := &held{started: make(chan struct{}, 1)}
	var nodes []*node
	for i := uint32(1); i <= 3; i++ {
		var wrap func(fencer.Runner) fencer.Runner
		if i == k {
			wrap = func(r fencer.Runner) fencer.Runner { hold.Runner = r; return hold }
		}
		nodes = append(nodes, startNodeWith(t, h, i, config, wrap))
	}
	settled(nodes, 3)
	return nodes, hold
}

// midReboot starts 3 nodes, cuts node3 off and returns once node1's
// agent is in the middle of rebooting it and node2 knows the request is
// pending.
func midReboot(t *testing.T) (*membership.Hub, []*node) {
	h := membership.NewHub(3)
	config := configFile(t, 3, 1)
	bootAll(h, 3)
	nodes, hold := startHolding(t, h, config, 1)
	h.Partition([]uint32{3})
	<-hold.started // node1's agent is rebooting node3
	nodes[1].wait("the pending request", "node3", func(rs []fencer.Request) bool {
		return len(rs) == 1 && rs[0].State == fencer.StatePending
	})
	return h, nodes
}

// adoptedOnce checks that node2 adopted node1's request against node3 and
// finished it: one request in node2's history, done by its device (no
// record done before that), adopted once.
func adoptedOnce(t *testing.T, nodes []*node) {
	t.Helper()
	n := nodes[1]
	rs := n.wait("node3 fenced", "node3", doneOnce)
	if len(rs) != 1 || rs[0].Origin != "node1" || rs[0].Final.By != fencer.ByDevice {
		t.Fatalf("%s: requests against node3 %+v, want node1's one, done by a device", n.name, rs)
	}
	id := rs[0].ID
	n.wait("the final record", "", func([]fencer.Request) bool {
		return slices.ContainsFunc(n.d.History(), func(r groupRecord) bool { return r.ID == id+"/final" })
	})
	var adopted, finals []group.Record
	for _, r := range n.d.History() {
		switch {
		case r.Request == id && r.Kind == group.KindAdopt:
			adopted = append(adopted, r)
		case r.Request == id && r.Kind == group.KindFinal:
			finals = append(finals, r)
		}
	}
	if len(adopted) != 1 || adopted[0].Origin != 2 {
		t.Errorf("adopt records of %s: %+v, want one of node 2", id, adopted)
	}
	if len(finals) != 1 || finals[0].Origin != 2 || finals[0].Final.State != fencer.StateDone {
		t.Errorf("final records of %s: %+v, want node 2's, done", id, finals)
	}
	if len(adopted) == 1 && len(finals) == 1 && finals[0].Time.Before(adopted[0].Time) {
		t.Errorf("%s done at %v, before node2 adopted it at %v", id, finals[0].Time, adopted[0].Time)
	}
}

// The coordinator's daemon killed while its agent reboots node3 (its
// connection to corosync closes, nothing said): node2 adopts the request
// and its device finishes it.
func TestACoordinatorKilledMidRebootIsReplacedWithoutAnUnconfirmedSuccess(t *testing.T) {
	_, nodes := midReboot(t)
	if err := nodes[0].m.Close(); err != nil { // kill -9: no goodbye
		t.Fatal(err)
	}
	adoptedOnce(t, nodes)
}

// The coordinator's daemon stopped in order while its agent reboots
// node3: it announces its shutdown, node2 takes over at once, and node1,
// down as expected, is not fenced.
func TestACoordinatorStoppedInOrderIsReplacedAndNotFenced(t *testing.T) {
	_, nodes := midReboot(t)
	nodes[0].stop()
	nodes[0].stop = nil
	adoptedOnce(t, nodes)
	// One more round: a plan to fence node1 would have been multicast
	// before this marker comes back.
	nodes[1].d.record(groupUp("node9"))
	nodes[1].wait("the marker", "", func([]fencer.Request) bool {
		return slices.ContainsFunc(nodes[1].d.History(), func(r groupRecord) bool { return r.Target == "node9" })
	})
	if rs := nodes[1].history.ByTarget("node1"); len(rs) != 0 {
		t.Errorf("node1, shut down in order, was fenced: %+v", rs)
	}
}

// A request done by its device before the coordinator died is not
// carried out again.
func TestARequestDoneBeforeTheCoordinatorDiedIsNotRepeated(t *testing.T) {
	h, nodes := cluster(t, 3)
	settled(nodes, 3)
	h.Partition([]uint32{3})
	nodes[1].wait("node3 fenced", "node3", doneOnce)
	if err := nodes[0].m.Close(); err != nil {
		t.Fatal(err)
	}
	nodes[1].wait("node2 coordinating", "", func([]fencer.Request) bool {
		s := nodes[1].d.Status()
		return s.Settled && s.Coordinator == 2
	})
	nodes[1].d.record(groupUp("node9"))
	nodes[1].wait("the marker", "", func([]fencer.Request) bool {
		return slices.ContainsFunc(nodes[1].d.History(), func(r groupRecord) bool { return r.Target == "node9" })
	})
	if rs := nodes[1].history.ByTarget("node3"); len(rs) != 1 {
		t.Errorf("requests against node3 after node1 died: %+v, want the one done", rs)
	}
	for _, r := range nodes[1].d.History() {
		if r.Kind == group.KindAdopt {
			t.Errorf("adopted %s, done before", r.Request)
		}
	}
}

func TestEveryNodeReportsAConfigurationMismatch(t *testing.T) {
	h := membership.NewHub(3)
	old, newer := configFile(t, 3, 1), configFile(t, 3, 2)
	var nodes []*node
	bootAll(h, 3)
	for i := uint32(1); i <= 3; i++ {
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
