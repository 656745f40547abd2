package daemon

import (
	"context"
	"errors"
	"testing"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// sameEverywhere waits until every node's history holds request id ended,
// and checks they agree on how.
func sameEverywhere(t *testing.T, nodes []*node, target, id string) {
	t.Helper()
	var want *fencer.Request
	for _, n := range nodes {
		rs := n.wait("request "+id, target, func(rs []fencer.Request) bool {
			for _, r := range rs {
				if r.ID == id && r.State != fencer.StatePending {
					return true
				}
			}
			return false
		})
		for _, r := range rs {
			if r.ID != id {
				continue
			}
			if want == nil {
				want = &r
			} else if r.State != want.State || r.Final.By != want.Final.By || r.Origin != want.Origin {
				t.Errorf("%s holds %s %s by %s from %s; another node %s by %s from %s", n.name, id, r.State,
					r.Final.By, r.Origin, want.State, want.Final.By, want.Origin)
			}
		}
	}
}

func TestAFenceAskedOnAnyNodeIsCarriedOutByTheCoordinator(t *testing.T) {
	_, nodes := cluster(t, 3)
	settled(nodes, 3)
	r, err := nodes[2].d.forward(context.Background(), controller.APIRequest{Op: controller.OpFence, Target: "NODE2"})
	if err != nil {
		t.Fatal(err)
	}
	if r.State != fencer.StateDone || r.Final.By != fencer.ByDevice || r.Origin != "node1" || r.Target != "node2" {
		t.Errorf("asked on node3: %+v, want node2 done by node1's device", r)
	}
	sameEverywhere(t, nodes, "node2", r.ID)

	c, err := nodes[1].d.forward(context.Background(), controller.APIRequest{Op: controller.OpConfirm, Target: "node3"})
	if err != nil {
		t.Fatal(err)
	}
	if c.State != fencer.StateDone || c.Final.By != fencer.ByOperator || c.Origin != "node1" {
		t.Errorf("confirmed on node2: %+v, want done by an operator, recorded by node1", c)
	}
	sameEverywhere(t, nodes, "node3", c.ID)

	l, err := nodes[0].d.forward(context.Background(), controller.APIRequest{Op: controller.OpDone, Target: "node2"})
	if err != nil || l.Final == nil || l.Final.By != fencer.ByLowerLayer {
		t.Errorf("fence --done on the coordinator: %+v, %v; want done by a lower layer", l, err)
	}
}

func TestAnAskIsRefusedWithoutQuorumOrForAnUnknownNode(t *testing.T) {
	h, nodes := cluster(t, 3)
	settled(nodes, 3)
	if _, err := nodes[1].d.forward(context.Background(), controller.APIRequest{Op: controller.OpFence,
		Target: "node7"}); !errors.Is(err, controller.ErrNoSuchNode) {
		t.Errorf("fence node7: %v, want %v", err, controller.ErrNoSuchNode)
	}
	if _, err := nodes[1].d.forward(context.Background(), controller.APIRequest{Op: controller.OpFence,
		Target: "node3", Action: "explode"}); !errors.Is(err, controller.ErrBadAction) {
		t.Errorf("fence node3 explode: %v, want %v", err, controller.ErrBadAction)
	}
	h.Partition([]uint32{3})
	nodes[2].wait("alone", "", func([]fencer.Request) bool {
		s := nodes[2].d.Status()
		return s.Settled && len(s.Members) == 1 && !s.Quorate
	})
	if _, err := nodes[2].d.forward(context.Background(), controller.APIRequest{Op: controller.OpFence,
		Target: "node1"}); !errors.Is(err, ErrNoQuorum) {
		t.Errorf("fence node1 from node3 alone: %v, want %v", err, ErrNoQuorum)
	}
	if rs := nodes[0].history.ByTarget("node1"); len(rs) != 0 {
		t.Errorf("node1 was fenced on node3's ask without quorum: %+v", rs)
	}
}

// An ask whose coordinator dies before answering is asked again of the
// new one.
func TestAnAskOutlivesItsCoordinator(t *testing.T) {
	_, nodes := cluster(t, 3)
	settled(nodes, 3)
	if err := nodes[0].m.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := nodes[2].d.forward(context.Background(), controller.APIRequest{Op: controller.OpFence, Target: "node3",
		Action: "off"})
	if err != nil {
		t.Fatal(err)
	}
	if r.State != fencer.StateDone || r.Origin != "node2" {
		t.Errorf("asked after node1 died: %+v, want done by node2", r)
	}
}
