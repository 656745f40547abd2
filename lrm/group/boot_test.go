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
// vanished unannounced (killed), node3 is unclean; when node3 reboots
// and its corosync rejoins, it is booting again.
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

// TestAMemberWithoutItsDaemonPastTheJoinTimeoutIsUnclean: node3's
// corosync is a member, its daemon never joins. Booting until a daemon
// multicasts that node3 is overdue; then unclean on every member, and a
// daemon that starts later learns it from the others' sync. Once node3's
// daemon joins it is a member like the others, and when node3 reboots it
// is booting again, not overdue.
func TestAMemberWithoutItsDaemonPastTheJoinTimeoutIsUnclean(t *testing.T) {
	h := membership.NewHub(4)
	for i := uint32(1); i <= 4; i++ {
		h.Boot(i, 1)
	}
	cfg := Config{Digest: "a"}
	ds := []*daemon{start(t, h, 1, cfg), start(t, h, 2, cfg)}
	ds[1].send(ReadyMessage(), nil)
	members := func(n int) func(*Group) bool {
		return func(g *Group) bool { return g.Settled() && g.Ready() && len(g.Members()) == n }
	}
	ds[0].wait("node1 and node2 settled", members(2))
	if got := fencesOf(t, ds[0]); len(got) != 0 {
		t.Errorf("plan while node3 and node4 boot: %v, want nothing fenced", got)
	}
	ds[1].send(OverdueMessage(3), nil)
	for _, d := range ds {
		d.wait("node3 overdue", func(g *Group) bool { return g.Overdue(3) })
		d.with(func(g *Group) {
			if g.Booting(3) || !g.Booting(4) || g.Overdue(4) {
				t.Errorf("%s: node3 booting %v, node4 booting %v overdue %v; want node4 booting only",
					g.name, g.Booting(3), g.Booting(4), g.Overdue(4))
			}
			if s := g.Status(); !slices.Equal(s.Overdue, []uint32{3}) {
				t.Errorf("%s: status overdue %v, want [3]", g.name, s.Overdue)
			}
		})
	}
	if got := fencesOf(t, ds[0]); !slices.Equal(got, []string{"fence node3 reboot"}) {
		t.Errorf("plan with node3 overdue: %v, want node3 fenced", got)
	}

	d4 := start(t, h, 4, cfg)
	d4.wait("node4 in the group, told node3 is overdue", func(g *Group) bool {
		return members(3)(g) && g.Overdue(3)
	})

	d3 := start(t, h, 3, cfg)
	ds[0].wait("node3's daemon in the group", members(4))
	ds[0].with(func(g *Group) {
		if g.Overdue(3) || g.Booting(3) {
			t.Errorf("node3's daemon joined: overdue %v, booting %v", g.Overdue(3), g.Booting(3))
		}
	})
	if got := fencesOf(t, ds[0]); len(got) != 0 {
		t.Errorf("plan with every daemon in the group: %v, want nothing fenced", got)
	}
	if err := d3.m.Close(); err != nil {
		t.Fatal(err)
	}
	h.Stop(3)
	ds[0].wait("node3 down", func(g *Group) bool { return len(g.Quorum().Members) == 3 && len(g.Members()) == 3 })
	h.Boot(3, 1)
	ds[0].wait("node3 back", func(g *Group) bool { return len(g.Quorum().Members) == 4 })
	ds[0].with(func(g *Group) {
		if !g.Booting(3) || g.Overdue(3) {
			t.Errorf("node3 rebooted: booting %v, overdue %v; want booting", g.Booting(3), g.Overdue(3))
		}
	})
}
