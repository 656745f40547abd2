package controller

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// startSim starts a simulated BMC (powered on) on a free port.
func startSim(t testing.TB) *peertest.IPMISim {
	t.Helper()
	return peertest.StartIPMISim(t, "admin", "pw-"+strconv.Itoa(os.Getpid()))
}

// powerEvents returns the power changes s logged ("0" off, "1" on) without
// repeats: an IPMI request the client sent again (its answer came late on a
// loaded machine) is carried out, and logged, twice.
func powerEvents(t testing.TB, s *peertest.IPMISim) []string {
	return slices.Compact(s.Events(t))
}

// ipmiDevice is a stonith primitive using the IPMI agent on s.
func ipmiDevice(id string, s *peertest.IPMISim, hosts string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<primitive id="%s" class="stonith" type="fence_exec_ipmi"><instance_attributes id="%s-ia">`, id, id)
	kv := append([]string{"ip", "127.0.0.1", "ipport", s.Port, "username", "admin", "password", s.Pass, "lanplus", "1",
		"cipher", "3", "power_wait", "0", "stonith_status_sleep", "0.1", "login_timeout", "5", "ipmitool_timeout", "3",
		"pcmk_host_list", hosts}, extra...)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, `<nvpair id="%s-%d" name="%s" value="%s"/>`, id, i, kv[i], kv[i+1])
	}
	b.WriteString(`</instance_attributes></primitive>`)
	return b.String()
}

// writeCIB writes a three-node CIB, node3 lost unless status is given,
// with the resources, levels and properties given as XML.
func writeCIB(t testing.TB, dir, resources, levels, props, status string) string {
	t.Helper()
	if status == "" {
		status = `<node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="member"/>`
	}
	x := fmt.Sprintf(`<cib epoch="5" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" crm_feature_set="3.16.1" have-quorum="1" dc-uuid="1">
<configuration><crm_config><cluster_property_set id="opts"><nvpair id="opt-se" name="stonith-enabled" value="true"/>%s</cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
<resources>%s</resources><constraints/><fencing-topology>%s</fencing-topology></configuration>
<status>%s</status></cib>`, props, resources, levels, status)
	path := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(path, []byte(x), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// harness drives a controller one step at a time on an instant clock,
// carrying out every action of a step before the next, as Run does but
// without goroutines: what it does is decided by the snapshots alone.
type harness struct {
	t       testing.TB
	ctl     *Controller
	hist    *fencer.History
	clock   *peertest.Clock
	path    string
	pending []Outcome
	mu      sync.Mutex
	events  []Event
}

// newHarness drives a controller as node on path with runner (the
// in-process agents when nil); failed requests are retried after retry.
func newHarness(t testing.TB, path, node string, runner fencer.Runner, retry time.Duration) *harness {
	t.Helper()
	return newHarnessAt(t, path, node, runner, retry, time.Unix(1700000000, 0))
}

// newHarnessAt is newHarness with the clock starting at start.
func newHarnessAt(t testing.TB, path, node string, runner fencer.Runner, retry time.Duration, start time.Time) *harness {
	t.Helper()
	if runner == nil {
		runner = &fencer.Agents{Registry: all.Registry(), Hostname: node}
	}
	h, err := fencer.Open(filepath.Join(filepath.Dir(path), "history"))
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, hist: h, clock: peertest.NewInstantClock(start), path: path}
	hs.ctl, err = New(Config{CIB: path, Node: node, History: h, Runner: runner, RetryBase: retry, RetryMax: retry,
		Clock: hs.clock, OnEvent: func(e Event) { hs.mu.Lock(); hs.events = append(hs.events, e); hs.mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	// recurring monitors wait on a clock of their own that never moves: on
	// the instant clock they would run without pause
	hs.ctl.devs.monitors.Clock = peertest.NewClock(start)
	if err := hs.ctl.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hs.ctl.devs.close(); h.Close() })
	return hs
}

// step takes one snapshot, carries out the step's actions and returns them.
func (hs *harness) step() []Action {
	snap := hs.ctl.Snapshot(context.Background(), hs.pending)
	hs.pending = nil
	acts := hs.ctl.Step(snap)
	for _, a := range acts {
		hs.pending = append(hs.pending, hs.ctl.Do(context.Background(), a))
	}
	return acts
}

// settle steps until a step does nothing and leaves nothing to take in,
// moving the clock on to a retry that waits, and returns every action.
func (hs *harness) settle() []Action {
	hs.t.Helper()
	var all []Action
	for range 1000 {
		acts := hs.step()
		all = append(all, acts...)
		if len(acts) > 0 || len(hs.pending) > 0 {
			continue
		}
		wait, ok := hs.ctl.nextRetry(hs.clock.Now())
		if !ok {
			return all
		}
		hs.clock.Advance(wait)
	}
	hs.t.Fatal("the controller never settles")
	return nil
}

func (hs *harness) eventsOf(kind EventKind) []Event {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	var out []Event
	for _, e := range hs.events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// lastDone returns the history's last done request against target, which
// the CIB must record.
func (hs *harness) lastDone(target string) fencer.Request {
	hs.t.Helper()
	r, ok := hs.hist.LastDone(target)
	if !ok || !fencedInCIB(hs.t, hs.path, target) {
		hs.t.Fatalf("%s: done %v, fenced in the CIB %v", target, ok, fencedInCIB(hs.t, hs.path, target))
	}
	return r
}

// daemon is a controller running its loop and API in the test, on the
// system clock.
type daemon struct {
	ctl    *Controller
	hist   *fencer.History
	socket string
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	cond   *sync.Cond
	events []Event
}

// startDaemon runs a controller as node1 on path, with the in-process
// agents (or runner).
func startDaemon(t testing.TB, path string, runner fencer.Runner) *daemon {
	t.Helper()
	if runner == nil {
		runner = &fencer.Agents{Registry: all.Registry(), Hostname: "node1"}
	}
	dir := filepath.Dir(path)
	h, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	d := &daemon{hist: h, socket: filepath.Join(dir, "api.sock"), done: make(chan error, 2)}
	d.cond = sync.NewCond(&d.mu)
	d.ctl, err = New(Config{CIB: path, Node: "node1", History: h, Poll: 20 * time.Millisecond, Runner: runner,
		OnEvent: func(e Event) { d.mu.Lock(); d.events = append(d.events, e); d.cond.Broadcast(); d.mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	ready := make(chan struct{})
	go func() { d.done <- d.ctl.Run(ctx) }()
	go func() { d.done <- d.ctl.serve(ctx, d.socket, ready) }()
	<-ready
	t.Cleanup(d.stop)
	return d
}

// stop ends the daemon and closes its history (idempotent).
func (d *daemon) stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	<-d.done
	d.cancel = nil
	d.hist.Close()
}

// await returns once cond holds, checking it again after every event.
func (d *daemon) await(cond func(events []Event) bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for !cond(d.events) {
		d.cond.Wait()
	}
}

func countKind(events []Event, kind EventKind) int {
	n := 0
	for _, e := range events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// nodeState reads target's node_state from the CIB file.
func nodeState(t testing.TB, path, target string) cib.NodeState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range doc.Model().NodeStates {
		if ns.Uname == target {
			return ns
		}
	}
	return cib.NodeState{}
}

// fencedInCIB reports whether the CIB says target was fenced.
func fencedInCIB(t testing.TB, path, target string) bool {
	ns := nodeState(t, path, target)
	return ns.InCCM != nil && *ns.InCCM == "false" && ns.Crmd == "offline" && ns.Join == "down" && ns.Expected == "down"
}
