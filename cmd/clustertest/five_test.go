package clustertest

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// firstAt is when the first line of kind about target was logged.
func firstAt(lines []fencerLine, kind, target string) (time.Time, bool) {
	ls := of(lines, kind, target)
	if len(ls) == 0 {
		return time.Time{}, false
	}
	return ls[0].at, true
}

// TestTwoPartitionsFiveNodes: on five nodes, two cut off at once are both
// fenced, one after the other in the plan's order with concurrent-fencing
// false, in no order with it true, as Pacemaker's scheduler decided.
func TestTwoPartitionsFiveNodes(t *testing.T) {
	c := newCluster(t, 5)
	c.Script(t, "fencing", "fence_exec_ipmi")
	for _, concurrent := range []bool{false, true} {
		c.MustExec(t, c.Nodes[0], "crm_attribute", "--type", "crm_config", "--name", "concurrent-fencing",
			"--update", fmt.Sprint(concurrent))
		c.waitSettled(len(c.Nodes))
		var targets []string
		for i := len(c.Nodes) - 1; len(targets) < 2; i-- {
			if dc := c.dc(c.Nodes[0]); c.Nodes[i] != dc {
				targets = append(targets, c.Nodes[i])
			}
		}
		observer := c.observerFor(targets...)
		plan := c.planLive(observer, targets...)
		k := c.cut(targets...)
		c.waitFenced(k, observer)
		c.checkFenced(k, observer, plan)
		c.checkOrder(k, plan, concurrent)
		if !concurrent { // the same cluster again, as it was
			for _, n := range targets {
				c.Script(t, "heal", n)
			}
			c.MustExec(t, observer, "stonith_admin", "--cleanup", "--history", "*")
		}
	}
}

// checkOrder compares the order of the fencing after k's cut with the
// plan's: with concurrent-fencing false, the plan orders one target after
// the other and Pacemaker asked for the second only once the first was
// done; with it true, the plan orders neither.
func (c *cluster) checkOrder(k *cutOff, plan []planned, concurrent bool) {
	c.t.Helper()
	lines := c.fencerSince(k.mark)
	var first, second string
	for _, p := range plan {
		for _, key := range p.After {
			for _, q := range plan {
				if key == q.Target+":"+q.Action {
					first, second = q.Target, p.Target
				}
			}
		}
	}
	if concurrent {
		// Pacemaker's scheduler orders neither (checkPlan compared that); its
		// controller may still run them one at a time when it throttles for a
		// loaded machine.
		if first != "" {
			c.t.Errorf("concurrent-fencing=true: the plan orders %s after %s", second, first)
		}
		return
	}
	if first == "" || !slices.Contains(k.targets, first) || !slices.Contains(k.targets, second) {
		c.t.Fatalf("concurrent-fencing=false: the plan does not order %v (%s)", k.targets, summary(plan))
	}
	doneFirst, ok1 := firstAt(lines, "done", first)
	reqSecond, ok2 := firstAt(lines, "request", second)
	if !ok1 || !ok2 || reqSecond.Before(doneFirst) {
		c.t.Errorf("concurrent-fencing=false: the plan fences %s, then %s; Pacemaker fenced %s at %v and asked for %s at %v",
			first, second, first, doneFirst, second, reqSecond)
	}
	c.t.Logf("order: %s fenced %v, %s asked for %v", first, doneFirst.Format(time.StampMilli), second, reqSecond.Format(time.StampMilli))
}
