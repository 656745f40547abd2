package clustertest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// cutOff is the state of the cluster just before targets were cut off (or
// made to fail).
type cutOff struct {
	targets []string
	mark    logMark
	events  map[string]int            // BMC events of every node before the cut
	procs   map[string]peertest.Procs // the targets' processes
}

// cut pulls the cluster cable of every target (their BMCs stay reachable)
// after noting what the checks compare with.
func (c *cluster) cut(targets ...string) *cutOff {
	c.t.Helper()
	k := c.watch(targets...)
	for _, n := range targets {
		c.Script(c.t, "cut", n)
	}
	return k
}

// watch notes what the checks compare with before targets are to be
// fenced.
func (c *cluster) watch(targets ...string) *cutOff {
	c.t.Helper()
	k := &cutOff{targets: targets, mark: c.markLogs(), events: map[string]int{}, procs: map[string]peertest.Procs{}}
	for _, n := range c.Nodes {
		k.events[n] = len(c.BMC(n).Events(c.t))
	}
	for _, n := range targets {
		k.procs[n] = c.NodeProcs(c.t, n)
	}
	return k
}

// newEvents are the node's BMC power changes since the cut.
func (c *cluster) newEvents(k *cutOff, node string) []string {
	return c.BMC(node).Events(c.t)[k.events[node]:]
}

// transitions drops repeats from power events: a request the agent sent
// again because the answer came late is carried out, and logged, again,
// but moves no power.
func transitions(events []string) []string {
	var out []string
	for _, e := range events {
		if len(out) == 0 || out[len(out)-1] != e {
			out = append(out, e)
		}
	}
	return out
}

// waitFenced waits until observer's fencer has a success for every target
// and none of the targets' old processes lives.
func (c *cluster) waitFenced(k *cutOff, observer string) {
	c.t.Helper()
	waitFor(c.t, fenceLimit, strings.Join(k.targets, " and ")+" to be fenced", func() (bool, string) {
		h, ok := c.history(observer)
		if !ok {
			return false, "no fencing history on " + observer
		}
		for _, n := range k.targets {
			if succeeded(h, n) == 0 {
				return false, fmt.Sprintf("no successful fencing of %s in %v", n, h)
			}
			if alive := k.procs[n].Alive(); alive > 0 {
				return false, fmt.Sprintf("%d processes of %s still run", alive, n)
			}
		}
		return true, ""
	})
}

// checkFenced checks, once waitFenced returned, that exactly the targets
// were fenced, once each, by power off and on through their own power
// (reboot), that no other node's power moved, and that Pacemaker did what
// the plan, made before the cut, named.
func (c *cluster) checkFenced(k *cutOff, observer string, plan []planned) {
	c.t.Helper()
	h, _ := c.history(observer)
	for _, e := range h {
		if !slices.Contains(k.targets, e.Target) || e.Status != "success" {
			c.t.Errorf("fencing history on %s has %+v: only one success for each of %v was expected", observer, e, k.targets)
		}
	}
	for _, n := range c.Nodes {
		got := c.newEvents(k, n)
		if !slices.Contains(k.targets, n) {
			if len(got) > 0 {
				c.t.Errorf("BMC of %s moved since the cut (power %v): it was not to be fenced", n, got)
			}
			continue
		}
		if times := succeeded(h, n); times != 1 {
			c.t.Errorf("%s fenced %d times, want once", n, times)
		}
		if want := []string{"0", "1"}; !slices.Equal(transitions(got), want) {
			c.t.Errorf("BMC of %s since the cut: power %v, want one off, then one on", n, got)
		}
	}
	c.checkPlan(k, plan)
}

// checkPlan compares the plan with what Pacemaker's scheduler decided and
// what its fencers logged after the cut.
func (c *cluster) checkPlan(k *cutOff, plan []planned) {
	c.t.Helper()
	if len(plan) != len(k.targets) {
		c.t.Errorf("the plan has %d fencing actions (%s), want one for each of %v", len(plan), summary(plan), k.targets)
	}
	lines := c.fencerSince(k.mark)
	if diff := c.compareScheduled(lines, k.targets, plan); diff != "" {
		c.t.Errorf("plan and Pacemaker differ: %s", diff)
	}
	for _, n := range k.targets {
		p, ok := find(plan, n)
		if !ok {
			c.t.Errorf("the plan does not fence %s", n)
			continue
		}
		for _, a := range of(lines, "attempt", n) {
			c.t.Logf("Pacemaker: %s %s with %s on %s: exit %s", a.action, n, a.device, a.node, a.result)
		}
		if diff := comparePlanned(p, lines); diff != "" {
			c.t.Errorf("plan and Pacemaker differ: %s", diff)
		}
	}
}

// observerFor is a node that is none of the targets.
func (c *cluster) observerFor(targets ...string) string {
	for _, n := range c.Nodes {
		if !slices.Contains(targets, n) {
			return n
		}
	}
	c.t.Fatal("no node left to observe from")
	return ""
}

// notDC is the last node that is not the DC (TestDCPartitioned cuts that
// one).
func (c *cluster) notDC() string {
	dc := c.dc(c.Nodes[0])
	for i := len(c.Nodes) - 1; i > 0; i-- {
		if c.Nodes[i] != dc {
			return c.Nodes[i]
		}
	}
	return c.Nodes[0]
}

// partition plans on the live CIB with target lost, cuts it off, waits
// until it is fenced and checks that as checkFenced does; it returns the
// cut and the node that watched.
func (c *cluster) partition(target string) (*cutOff, string) {
	c.t.Helper()
	observer := c.observerFor(target)
	plan := c.planLive(observer, target)
	k := c.cut(target)
	c.waitFenced(k, observer)
	c.checkFenced(k, observer, plan)
	return k, observer
}

// TestPartitionFenced: a node cut off from the cluster network is fenced by
// Pacemaker through fence_exec_ipmi, as the plan said beforehand.
func TestPartitionFenced(t *testing.T) {
	c := newCluster(t, 3)
	c.Script(t, "fencing", "fence_exec_ipmi")
	c.waitSettled(3)
	c.partition(c.notDC())
}

// TestDCPartitioned: with the DC cut off, the others elect a new DC, which
// fences the old one.
func TestDCPartitioned(t *testing.T) {
	c := newCluster(t, 3)
	c.Script(t, "fencing", "fence_exec_ipmi")
	c.waitSettled(3)
	old := c.dc(c.Nodes[0])
	_, observer := c.partition(old)
	if dc := c.dc(observer); dc == "" || dc == old {
		t.Errorf("DC after fencing the old DC %s: %q, want one of the others", old, dc)
	}
}
