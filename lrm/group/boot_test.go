package group

import (
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/lrm/membership"
	"github.com/executioner-ha/executioner/pengine"
)

// fencesOf is what node1's plan fences now.
func fencesOf(t *testing.T, d *daemon) []string {
	t.Helper()
	var got []string
	d.with(func(g *Group) {
		snap, err := g.Snapshot(threeNodes(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		r, err := pengine.Plan(snap.Model())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Fences() {
			if strings.HasPrefix(f, "fence ") {
				got = append(got, f)
			}
		}
	})
	return got
}

// TestABootingNodeIsNotFencedForItsMissingDaemon: node3's corosync is a
// member before its daemon joins the group. Until its daemon has been in
// the group it is booting, not unclean; once its daemon was there and
// vanished unannounced (killed), node3 is an expected member whose
// controller is gone: unclean, and still so when its corosync restarts
// without its daemon (Pacemaker's expected state member). Once node3 is
// fenced it is expected down: when it reboots and its corosync rejoins
// without its daemon, it is booting again, not fenced.
func TestABootingNodeIsNotFencedForItsMissingDaemon(t *testing.T) {
	h := membership.NewHub(3)
	for i := uint32(1); i <= 3; i++ {
		h.Boot(i, 1)
	}
	cfg := Config{Digest: "a"}
	ds := []*daemon{start(t, h, 1, cfg), start(t, h, 2, cfg)}
	ds[1].send(ReadyMessage(), nil)
	coordinating := func(members int) func(*Group) bool {
		return func(g *Group) bool {
			return g.Coordinating() && g.Settled() && len(g.Members()) == members && len(g.Quorum().Members) == 3
		}
	}
	ds[0].wait("node1 coordinating node1 and node2", coordinating(2))
	ds[0].with(func(g *Group) {
		if !g.Booting(3) || g.Booting(2) {
			t.Errorf("booting: node3 %v, node2 %v; want node3 only", g.Booting(3), g.Booting(2))
		}
	})
	if got := fencesOf(t, ds[0]); len(got) != 0 {
		t.Errorf("plan while node3 boots: %v, want nothing fenced", got)
	}

	d3 := start(t, h, 3, cfg)
	ds[0].wait("node3's daemon in the group", coordinating(3))
	if err := d3.m.Close(); err != nil { // gone without a leave message
		t.Fatal(err)
	}
	ds[0].wait("node3's daemon gone", coordinating(2))
	if got := fencesOf(t, ds[0]); !slices.Equal(got, []string{"fence node3 reboot"}) {
		t.Errorf("plan after node3's daemon vanished: %v, want node3 fenced", got)
	}

	h.Stop(3)
	ds[0].wait("node3 down", func(g *Group) bool { return len(g.Quorum().Members) == 2 })
	h.Boot(3, 1)
	ds[0].wait("node3 back", coordinating(2))
	ds[0].with(func(g *Group) { g.SetNames(map[uint32]string{1: "node1", 2: "node2", 3: "node3"}) })
	ds[0].with(func(g *Group) {
		if g.Booting(3) || !g.Gone(3) {
			t.Errorf("node3 back without being fenced: booting %v, gone %v; want gone", g.Booting(3), g.Gone(3))
		}
	})
	if got := fencesOf(t, ds[0]); !slices.Equal(got, []string{"fence node3 reboot"}) {
		t.Errorf("plan with node3 back unfenced, its daemon not started: %v, want node3 fenced", got)
	}
	fenceLost(ds[0], "node3", 0)
	ds[0].wait("node3 fenced", func(g *Group) bool { return !g.ExpectedMember(3) })
	h.Stop(3)
	ds[0].wait("node3 down", func(g *Group) bool { return len(g.Quorum().Members) == 2 })
	h.Boot(3, 1)
	ds[0].wait("node3 back", coordinating(2))
	ds[0].with(func(g *Group) {
		if !g.Booting(3) {
			t.Error("node3, rebooted, its daemon not started, is not booting")
		}
	})
	if got := fencesOf(t, ds[0]); len(got) != 0 {
		t.Errorf("plan while node3 boots again: %v, want nothing fenced", got)
	}
}

// TestNobodyCoordinatesBeforeTheStartUpWaitEnds: a fresh group settles
// without a coordinator; once one daemon says its wait (dc-deadtime) is
// over, node1 coordinates everywhere, and a daemon that starts later
// learns it from the others' sync, without a wait of its own.
func TestNobodyCoordinatesBeforeTheStartUpWaitEnds(t *testing.T) {
	h, ds := unready(t, 3, Config{Digest: "a"})
	for _, d := range ds {
		d.with(func(g *Group) {
			if c, ok := g.Coordinator(); ok || g.Coordinating() || g.Status().Ready {
				t.Errorf("%s: coordinator %d before the wait ended", g.name, c)
			}
		})
	}
	ds[2].send(ReadyMessage(), nil)
	for _, d := range ds {
		d.wait("node1 coordinating", coordinator(1))
	}
	h.Stop(1)
	h.Boot(1, 1)
	late := start(t, h, 1, Config{Digest: "a"})
	late.wait("node1 coordinating again", func(g *Group) bool {
		c, ok := g.Coordinator()
		return ok && c == 1 && len(g.Members()) == 3 && g.Coordinating()
	})
}

// TestANodeThatBootsWithoutItsDaemonIsPendingNotFenced: node3's corosync
// is a member and its daemon never starts (disabled, or slow). No daemon
// ever saw it: it stays pending however long, on every daemon and on one
// that starts later, and status names it pending, never gone; nothing
// fences it. node4's daemon, which was in the group and shut down in
// order, is pending too; node2's, killed, is gone, and a daemon that
// starts after it died learns that from the others' sync.
func TestANodeThatBootsWithoutItsDaemonIsPendingNotFenced(t *testing.T) {
	h := membership.NewHub(4)
	for i := uint32(1); i <= 4; i++ {
		h.Boot(i, 1)
	}
	cfg := Config{Digest: "a"}
	d1, d2, d4 := start(t, h, 1, cfg), start(t, h, 2, cfg), start(t, h, 4, cfg)
	d2.send(ReadyMessage(), nil)
	members := func(n int) func(*Group) bool {
		return func(g *Group) bool { return g.Settled() && g.Ready() && len(g.Members()) == n }
	}
	d1.wait("node1, node2 and node4 settled", members(3))
	d4.send(LeaveMessage(), nil)
	d1.wait("node4 leaving", func(g *Group) bool { return g.Leaving(4) })
	if err := d4.m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d2.m.Close(); err != nil { // killed: no leave message
		t.Fatal(err)
	}
	d1.wait("node2's and node4's daemons gone", members(1))
	late := start(t, h, 4, cfg) // node4's daemon again: it never saw node2's
	for _, d := range []*daemon{d1, late} {
		d.wait("node2 gone, node3 pending", func(g *Group) bool {
			return members(2)(g) && g.Gone(2) && g.Booting(3)
		})
		d.with(func(g *Group) {
			s := g.Status()
			if !slices.Equal(s.Pending, []uint32{3}) || !slices.Equal(s.Gone, []uint32{2}) {
				t.Errorf("%s: status pending %v, gone %v; want [3], [2]", g.name, s.Pending, s.Gone)
			}
			if g.ExpectedMember(3) {
				t.Errorf("%s: node3 an expected member, its daemon never seen", g.name)
			}
		})
	}
	got := fencesOf(t, d1)
	if slices.Contains(got, "fence node3 reboot") || !slices.Contains(got, "fence node2 reboot") {
		t.Errorf("plan: %v, want node2 fenced, not node3", got)
	}
}

// TestAStaleSavedExpectedStateLosesToTheGroups: node2's daemon stops
// holding node3 an expected member (its saved states); node3's daemon
// then shuts down in order. A new node2 daemon seeded with the old states
// learns from node1's sync that node3 is expected down: node3 is pending,
// not fenced. A daemon seeded with node3 an expected member and no peer
// to tell it otherwise holds node3 gone.
func TestAStaleSavedExpectedStateLosesToTheGroups(t *testing.T) {
	h := membership.NewHub(3)
	for i := uint32(1); i <= 3; i++ {
		h.Boot(i, 1)
	}
	cfg := Config{Digest: "a"}
	d1, d2, d3 := start(t, h, 1, cfg), start(t, h, 2, cfg), start(t, h, 3, cfg)
	d1.send(ReadyMessage(), nil)
	members := func(n int) func(*Group) bool {
		return func(g *Group) bool { return g.Settled() && g.Ready() && len(g.Members()) == n }
	}
	d2.wait("three daemons", members(3))
	var saved map[uint32]Expect
	d2.with(func(g *Group) { saved = g.Expected() })
	if !saved[3].Member {
		t.Fatalf("node2's states %v: node3 not an expected member", saved)
	}
	if err := d2.m.Close(); err != nil {
		t.Fatal(err)
	}
	d1.wait("node2's daemon gone", members(2))
	d3.send(LeaveMessage(), nil)
	d1.wait("node3 leaving", func(g *Group) bool { return g.Leaving(3) })
	if err := d3.m.Close(); err != nil {
		t.Fatal(err)
	}
	d1.wait("node3's daemon gone", members(1))

	m, err := h.Join(2)
	if err != nil {
		t.Fatal(err)
	}
	again := &daemon{t: t, m: m, g: New(m.Local(), nodeName(2), cfg), changed: make(chan struct{}), done: make(chan struct{})}
	again.g.SeedExpected(saved)
	go again.pump()
	t.Cleanup(func() { m.Close(); <-again.done })
	again.wait("node2 back, node3 pending", func(g *Group) bool { return members(2)(g) && g.Booting(3) })
	again.with(func(g *Group) {
		if g.Gone(3) || g.ExpectedMember(3) {
			t.Errorf("node3, shut down in order: gone %v, expected member %v", g.Gone(3), g.ExpectedMember(3))
		}
	})
	if got := fencesOf(t, again); slices.Contains(got, "fence node3 reboot") {
		t.Errorf("plan on the new node2 daemon: %v, want node3 not fenced", got)
	}

	lone := New(membership.Process{Node: 9, PID: 1}, "node9", cfg)
	lone.SeedExpected(saved)
	lone.Step(membership.Event{Kind: membership.KindQuorum, Quorum: membership.Quorum{Members: []uint32{3, 9}}})
	if !lone.Gone(3) {
		t.Error("a daemon seeded with node3 an expected member, alone: node3 not gone")
	}
}
