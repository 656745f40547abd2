package group

import (
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// daemon feeds one Group from a Hub membership, as the fencing daemon does.
type daemon struct {
	t       *testing.T
	m       membership.Membership
	mu      sync.Mutex
	g       *Group
	changed chan struct{}
	done    chan struct{}
}

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func start(t *testing.T, h *membership.Hub, node uint32, cfg Config) *daemon {
	t.Helper()
	m, err := h.Join(node)
	if err != nil {
		t.Fatal(err)
	}
	d := &daemon{t: t, m: m, g: New(m.Local(), nodeName(node), cfg), changed: make(chan struct{}),
		done: make(chan struct{})}
	go d.pump()
	t.Cleanup(func() { m.Close(); <-d.done })
	return d
}

func nodeName(n uint32) string { return "node" + string(rune('0'+n)) }

func (d *daemon) pump() {
	defer close(d.done)
	for e := range d.m.Events() {
		d.mu.Lock()
		out := d.g.Step(e)
		close(d.changed)
		d.changed = make(chan struct{})
		d.mu.Unlock()
		for _, b := range out {
			_ = d.m.Send(b) // fails only once the node stopped
		}
	}
	d.mu.Lock()
	close(d.changed)
	d.changed = make(chan struct{})
	d.mu.Unlock()
}

// wait blocks until ok holds of the daemon's group.
func (d *daemon) wait(what string, ok func(*Group) bool) {
	d.t.Helper()
	for {
		d.mu.Lock()
		if ok(d.g) {
			d.mu.Unlock()
			return
		}
		ch := d.changed
		d.mu.Unlock()
		select {
		case <-ch:
		case <-d.done:
			d.mu.Lock()
			defer d.mu.Unlock()
			if !ok(d.g) {
				d.t.Fatalf("%s: %s never happened", d.g.name, what)
			}
			return
		}
	}
}

// record makes a record on this daemon and multicasts it.
func (d *daemon) record(r Record, at time.Duration) Record {
	d.t.Helper()
	d.mu.Lock()
	r, b, err := d.g.Record(r, epoch.Add(at))
	d.mu.Unlock()
	if err != nil {
		d.t.Fatal(err)
	}
	if err := d.m.Send(b); err != nil {
		d.t.Fatal(err)
	}
	return r
}

func (d *daemon) with(f func(*Group)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(d.g)
}

// cluster starts n nodes and their daemons, settled and past the
// start-up wait (node1 multicast its ready message).
func cluster(t *testing.T, n int, cfg Config) (*membership.Hub, []*daemon) {
	h, ds := unready(t, n, cfg)
	ds[0].send(ReadyMessage(), nil)
	for _, d := range ds {
		d.wait("ready", (*Group).Ready)
	}
	return h, ds
}

// unready starts n nodes and their daemons, settled, within the start-up
// wait.
func unready(t *testing.T, n int, cfg Config) (*membership.Hub, []*daemon) {
	h := membership.NewHub(n)
	var ds []*daemon
	for i := uint32(1); i <= uint32(n); i++ {
		h.Boot(i, 1)
		ds = append(ds, start(t, h, i, cfg))
	}
	for _, d := range ds {
		d.wait("settled", func(g *Group) bool { return g.Settled() && len(g.members) == n })
	}
	return h, ds
}

func coordinator(want uint32) func(*Group) bool {
	return func(g *Group) bool { c, ok := g.Coordinator(); return ok && c == want }
}

func TestLowestNodeCoordinates(t *testing.T) {
	_, ds := cluster(t, 3, Config{Digest: "a", Version: cib.Version{Epoch: 1}})
	for _, d := range ds {
		d.wait("node 1 coordinates", coordinator(1))
		d.wait("quorate", func(g *Group) bool { return g.Quorum().Quorate })
	}
	ds[0].with(func(g *Group) {
		if !g.Coordinating() {
			t.Error("node1 does not coordinate")
		}
	})
	ds[1].with(func(g *Group) {
		if g.Coordinating() {
			t.Error("node2 coordinates too")
		}
	})
}

// fenceLost is the coordinator's part in a fencing: request, one attempt,
// a final record.
func fenceLost(d *daemon, target string, at time.Duration) Record {
	req := d.record(Record{Kind: KindRequest, Target: target, Action: "reboot"}, at)
	d.record(Record{Kind: KindAttempt, Request: req.Request,
		Attempt: &fencer.Attempt{Device: "ipmi-" + target, Outcome: fencer.OutcomeSuccess}}, at+1)
	d.record(Record{Kind: KindFinal, Request: req.Request, Final: &fencer.Final{State: fencer.StateDone, By: fencer.ByDevice}}, at+2)
	return req
}

func requestsDone(n int) func(*Group) bool {
	return func(g *Group) bool {
		done := 0
		for _, q := range g.Requests() {
			if q.State == fencer.StateDone {
				done++
			}
		}
		return done == n
	}
}

func TestHistoryIsTheSameEverywhereAndReachesLateJoiners(t *testing.T) {
	h, ds := cluster(t, 3, Config{Digest: "a"})
	h.Partition([]uint32{3})
	ds[0].wait("node3 gone", func(g *Group) bool { return g.Settled() && len(g.members) == 2 })
	ds[0].with(func(g *Group) {
		if s := g.NodeStatus(3, "node3"); s != NodeUnseen {
			t.Errorf("node3 before any up record: %s", s)
		}
	})
	ds[0].record(Record{Kind: KindUp, Target: "node3"}, 0)
	ds[0].wait("node3 lost", func(g *Group) bool { return g.NodeStatus(3, "node3") == NodeLost })
	fenceLost(ds[0], "node3", time.Second)
	for _, d := range ds[:2] {
		d.wait("one request done", requestsDone(1))
		d.wait("node3 fenced", func(g *Group) bool { return g.NodeStatus(3, "node3") == NodeFenced })
	}
	h.Stop(3)
	h.Boot(3, 1)
	late := start(t, h, 3, Config{Digest: "a"})
	late.wait("the history", requestsDone(1))
	var want []Record
	ds[0].with(func(g *Group) { want = g.History() })
	for _, d := range []*daemon{ds[1], late} {
		d.wait("node1's history", func(g *Group) bool { return reflect.DeepEqual(g.History(), want) })
	}
	late.with(func(g *Group) {
		if up := g.Up(map[uint32]string{1: "node1", 2: "node2", 3: "node3"}); !slices.Contains(up, "node3") {
			t.Errorf("up records to make: %v, want node3 (it is back)", up)
		}
	})
}

func TestAnOrphanIsAdoptedAndDoneOnce(t *testing.T) {
	h, ds := cluster(t, 3, Config{Digest: "a"})
	for _, d := range ds {
		d.wait("coordinator", coordinator(1))
	}
	ds[0].record(Record{Kind: KindUp, Target: "node3"}, 0)
	req := ds[0].record(Record{Kind: KindRequest, Target: "node3", Action: "reboot"}, time.Second)
	ds[1].wait("the request", func(g *Group) bool { return len(g.Requests()) == 1 })
	h.Stop(1) // the coordinator dies while its agent runs
	ds[1].wait("node2 coordinates an orphan", func(g *Group) bool {
		return g.Settled() && len(g.members) == 2 && g.Coordinating() && len(g.Orphans()) == 1
	})
	ds[1].with(func(g *Group) {
		if q := g.Requests()[0]; q.State != fencer.StatePending {
			t.Errorf("the orphan is %s before any device confirmed it", q.State)
		}
	})
	ds[1].record(Record{Kind: KindAdopt, Request: req.Request}, 2*time.Second)
	ds[1].record(Record{Kind: KindFinal, Request: req.Request, Final: &fencer.Final{State: fencer.StateDone, By: fencer.ByDevice}}, 3*time.Second)
	for _, d := range ds[1:] {
		d.wait("done", requestsDone(1))
		d.with(func(g *Group) {
			qs := g.Requests()
			if len(qs) != 1 || qs[0].Owner.Node != 2 || qs[0].Adoptions != 1 || len(g.Orphans()) != 0 {
				t.Errorf("%s: requests %+v, want one adopted by node 2", g.name, qs)
			}
		})
	}
}

func TestAnEvenSplitHasNoCoordinatorThatMayAct(t *testing.T) {
	h, ds := cluster(t, 4, Config{Digest: "a"})
	h.Partition([]uint32{1, 2}, []uint32{3, 4})
	for _, d := range ds {
		d.wait("split", func(g *Group) bool {
			return g.Settled() && len(g.members) == 2 && len(g.Quorum().Members) == 2
		})
		d.with(func(g *Group) {
			if g.Quorum().Quorate || g.Coordinating() {
				t.Errorf("%s: quorate %v, coordinating %v in half of 4 nodes", g.name, g.Quorum().Quorate, g.Coordinating())
			}
		})
	}
}

func TestEveryNodeReportsAConfigurationMismatch(t *testing.T) {
	h := membership.NewHub(3)
	cfgs := []Config{{Digest: "a", Version: cib.Version{Epoch: 5}}, {Digest: "b", Version: cib.Version{Epoch: 7}},
		{Digest: "a", Version: cib.Version{Epoch: 5}}}
	var ds []*daemon
	for i, c := range cfgs {
		h.Boot(uint32(i+1), 1)
		ds = append(ds, start(t, h, uint32(i+1), c))
	}
	ds[2].send(ReadyMessage(), nil)
	for _, d := range ds {
		d.wait("settled", func(g *Group) bool { return g.Settled() && g.Ready() && len(g.members) == 3 })
		d.with(func(g *Group) {
			s := g.Status()
			if s.Winner.Digest != "b" || len(s.Mismatch) != 2 || s.Coordinator != 2 {
				t.Errorf("%s: winner %v, mismatch %v, coordinator %d; want b (the highest epoch), nodes 1 and 3, node 2",
					g.name, s.Winner, s.Mismatch, s.Coordinator)
			}
		})
	}
}

func TestBadMessagesAreCountedNotApplied(t *testing.T) {
	g := New(membership.Process{Node: 1, PID: 1}, "node1", Config{Digest: "a"})
	for _, b := range []string{"", "{", `{"type":"sync"}`, `{"type":"record","records":[]}`,
		`{"type":"record","records":[{"id":"x","kind":"final","time":"2026-01-01T00:00:00Z","request":"r","final":{"state":"maybe"}}]}`,
		`{"type":"bogus","records":[]}`} {
		g.Step(membership.Event{Kind: membership.KindMessage, From: membership.Process{Node: 2}, Data: []byte(b)})
	}
	if g.Rejected != 6 || len(g.History()) != 0 {
		t.Errorf("rejected %d (last: %s), history %v; want 6 rejected and nothing recorded", g.Rejected, g.LastReject, g.History())
	}
}
