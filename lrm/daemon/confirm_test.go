package daemon

import (
	"context"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// TestAConfirmationCancelsTheAgentOfAHandedRequest: node3's request is
// handed to node2, whose agent hangs in the middle of the reboot. An
// operator confirms node3 down (asked on node1): node2's agent is
// canceled, and every node holds the handed request failed, canceled by
// the confirmation, and the confirmation done by an operator; nothing
// against node3 is done by a device.
func TestAConfirmationCancelsTheAgentOfAHandedRequest(t *testing.T) {
	config := handConfig(t)
	h := membership.NewHub(3)
	bootAll(h, 3)
	nodes, hold := startHolding(t, h, config, 2)
	h.Partition([]uint32{3})
	<-hold.started // node2's agent is rebooting node3
	rs := nodes[0].wait("the pending request", "node3", func(rs []fencer.Request) bool {
		return len(rs) == 1 && rs[0].State == fencer.StatePending
	})
	handed := rs[0].ID
	c, err := nodes[0].d.forward(context.Background(), controller.APIRequest{Op: controller.OpConfirm, Target: "node3"})
	if err != nil {
		t.Fatal(err)
	}
	if c.State != fencer.StateDone || c.Final.By != fencer.ByOperator {
		t.Fatalf("confirm node3: %+v, want done by an operator", c)
	}
	for _, n := range nodes[:2] {
		rs := n.wait("the handed request ended", "node3", func(rs []fencer.Request) bool {
			for _, r := range rs {
				if r.ID == handed {
					return r.State != fencer.StatePending
				}
			}
			return false
		})
		for _, r := range rs {
			switch {
			case r.ID == handed && (r.State != fencer.StateFailed || !strings.Contains(r.Final.Reason, controller.ErrConfirmed.Error())):
				t.Errorf("%s: handed request %+v, want failed, canceled by the confirmation", n.name, r)
			case r.ID == c.ID && (r.State != fencer.StateDone || r.Final.By != fencer.ByOperator):
				t.Errorf("%s: confirmation %+v, want done by an operator", n.name, r)
			case r.ID != handed && r.ID != c.ID:
				t.Errorf("%s: request %+v against node3 besides %s and %s", n.name, r, handed, c.ID)
			}
		}
	}
	for _, want := range []string{"request " + handed + " canceled: node3 was confirmed down by an operator",
		"request " + handed + ", handed over, ended failed: canceled"} {
		if !nodes[1].saw(want) {
			t.Errorf("node2 did not report %q", want)
		}
	}
}
