package clustertest

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// waitPortDown waits until observer's fencer reports target fenced. At
// every look, crm_mon and the history are read before the port: a report
// (a successful fencing, or the node offline and clean) while the port is
// still up fails the test, as the fencing was then reported before the
// port went down.
func (c *cluster) waitPortDown(hub *snmptest.Netns, target, observer string) {
	c.t.Helper()
	waitFor(c.t, fenceLimit, target+" fenced by downing its storage port", func() (bool, string) {
		s, monOK := c.mon(observer)
		h, _ := c.history(observer)
		up := c.portUp(hub, target)
		n, _ := s.node(target)
		offlineClean := monOK && !n.Online && !n.Unclean && n.Name == target
		if (fenced(h, target) > 0 || offlineClean) && up {
			c.t.Fatalf("%s reported fenced (history %+v, crm_mon %+v) while its storage port is up", target, h, n)
		}
		return fenced(h, target) > 0 && !up, fmt.Sprintf("history %+v, storage port up %v", h, up)
	})
}

// checkCutOff checks a node fenced by its storage port: exactly it was
// fenced, once; its corosync and pacemakerd are the very processes that
// ran before; it can reach no storage address and none reaches it; every
// other node's port is up; no node's power moved.
func (c *cluster) checkCutOff(k *cutOff, hub *snmptest.Netns, target string, stack peertest.Procs) {
	c.t.Helper()
	h, _ := c.history(c.observerFor(target))
	for _, n := range c.Nodes {
		if got, want := fenced(h, n), onlyTarget(n, target); got != want {
			c.t.Errorf("%s fenced %d times, want %d (history %+v)", n, got, want, h)
		}
		if got := c.newEvents(k, n); len(got) > 0 {
			c.t.Errorf("the BMC of %s moved (power %v): fabric fencing powers nothing", n, got)
		}
		if n != target && !c.portUp(hub, n) {
			c.t.Errorf("the storage port of %s is down: only %s was to be fenced", n, target)
		}
	}
	if alive := stack.Alive(); alive != len(stack) {
		c.t.Errorf("%s after fabric fencing: %d of its corosync and pacemakerd processes run, want all %d", target, alive, len(stack))
	}
	for _, n := range c.Nodes {
		if n == target {
			continue
		}
		if c.reaches(target, n, silentWait) {
			c.t.Errorf("fenced %s still reaches %s on the storage network", target, storageAddr(n))
		}
		if c.reaches(n, target, silentWait) {
			c.t.Errorf("%s still reaches fenced %s on the storage network", n, storageAddr(target))
		}
	}
}

// onlyTarget is how many times node is to be fenced: target once, every
// other node never.
func onlyTarget(node, target string) int {
	if node == target {
		return 1
	}
	return 0
}

// logRejoined logs what Pacemaker made of the fenced node once it rejoined
// and the cluster settled (the test's doc comment says what 2.1.5 does).
func (c *cluster) logRejoined(hub *snmptest.Netns, target string) {
	c.t.Helper()
	s, _ := c.mon(c.observerFor(target))
	attr, _, _ := c.Exec(target, "crm_attribute", "--node", target, "--name", "#node-unfenced", "--lifetime", "reboot",
		"--query", "--quiet")
	c.t.Logf("%s rejoined: storage port up %v, %s active on it %v, its #node-unfenced %q",
		target, c.portUp(hub, target), storageRsc, s.activeOn(storageRsc, target), strings.TrimSpace(attr))
}

// waitUnfenced waits, after Pacemaker restarted on target, until target
// was unfenced once more than before, its port is up and the storage
// resource is active on it. At every look the history and crm_mon are
// read before the port: unfencing reported, or the resource active,
// while the port is down fails the test.
func (c *cluster) waitUnfenced(hub *snmptest.Netns, target, observer string, before int) {
	c.t.Helper()
	waitFor(c.t, fenceLimit, target+" unfenced and running "+storageRsc, func() (bool, string) {
		h, _ := c.history(observer)
		s, _ := c.mon(observer)
		up := c.portUp(hub, target)
		done, active := unfenced(h, target) > before, s.activeOn(storageRsc, target)
		if (done || active) && !up {
			c.t.Fatalf("%s: unfencing reported %v, %s active %v, while its storage port is down", target, done, storageRsc, active)
		}
		return done && active && up, fmt.Sprintf("unfenced %v, %s active %v, storage port up %v", done, storageRsc, active, up)
	})
}

// lrmRequest is the controller's log line for an operation it has its
// executor run.
var lrmRequest = regexp.MustCompile(`\(do_lrm_rsc_op\)\s+\w+: Requesting local execution of (\w+) operation for (\S+) on (\S+) `)

// checkUnfencedFirst checks target's log since the cut: until a fencer's
// unfencing of target returned 0 (the agent read the port back up), no
// operation on the storage resource but a stop was requested there, and
// after it one started the resource.
func (c *cluster) checkUnfencedFirst(k *cutOff, target string) {
	c.t.Helper()
	var unfencedAt time.Time
	for _, a := range of(c.fencerSince(k.mark), "attempt", target) {
		if a.action == "on" && a.result == "0" {
			unfencedAt = a.at
			break
		}
	}
	if unfencedAt.IsZero() {
		c.t.Errorf("no fencer logged a successful unfencing of %s since it was cut off", target)
		return
	}
	year, started := time.Now().Year(), false
	var seen []string
	for _, line := range c.logSince(target, k.mark) {
		m := lrmRequest.FindStringSubmatch(line)
		at, ok := logTime(strings.Fields(line), year)
		if m == nil || !ok || m[2] != storageRsc || m[3] != target {
			continue
		}
		if at.Before(unfencedAt) && m[1] != "stop" {
			c.t.Errorf("%s: %s of %s requested at %s, before it was unfenced at %s", target, m[1], storageRsc,
				at.Format("15:04:05.000"), unfencedAt.Format("15:04:05.000"))
		}
		started = started || m[1] == "start" && !at.Before(unfencedAt)
		seen = append(seen, m[1]+" "+at.Format("15:04:05.000"))
	}
	c.t.Logf("%s unfenced at %s; %s requested on it since the cut: %s", target, unfencedAt.Format("15:04:05.000"),
		storageRsc, strings.Join(seen, ", "))
	if !started {
		c.t.Errorf("%s: no start of %s logged after it was unfenced at %s", target, storageRsc, unfencedAt.Format("15:04:05.000"))
	}
}

// checkFabricEnd checks the cluster once the fenced node runs again:
// every storage port up, target reaching the others' storage addresses,
// its corosync still the process that was frozen, nothing fenced but
// target's one fencing, no node's power moved.
func (c *cluster) checkFabricEnd(k *cutOff, hub *snmptest.Netns, target, observer string, stack peertest.Procs) {
	c.t.Helper()
	corosync := c.ProgramProcs(c.t, target, "corosync")
	for pid := range corosync {
		if _, ok := stack[pid]; !ok {
			c.t.Errorf("%s's corosync is a new process (%d): it was to keep running", target, pid)
		}
	}
	h, _ := c.history(observer)
	for _, n := range c.Nodes {
		if !c.portUp(hub, n) {
			c.t.Errorf("the storage port of %s is down at the end", n)
		}
		if n != target && !c.reaches(target, n, answerWait) {
			c.t.Errorf("unfenced %s does not reach %s on the storage network", target, storageAddr(n))
		}
		if got, want := fenced(h, n), onlyTarget(n, target); got != want {
			c.t.Errorf("%s fenced %d times, want %d (history %+v)", n, got, want, h)
		}
		if got := c.newEvents(k, n); len(got) > 0 {
			c.t.Errorf("the BMC of %s moved (power %v)", n, got)
		}
	}
}
