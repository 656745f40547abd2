package group

import (
	"testing"
	"time"
)

// send multicasts a message built by the test.
func (d *daemon) send(b []byte, err error) {
	d.t.Helper()
	if err != nil {
		d.t.Fatal(err)
	}
	if err := d.m.Send(b); err != nil {
		d.t.Fatal(err)
	}
}

func TestAnAskReachesOnlyItsAddresseeAndItsReplyEveryMember(t *testing.T) {
	_, ds := cluster(t, 3, Config{Digest: "a"})
	for _, d := range ds {
		d.wait("coordinator", coordinator(1))
	}
	ask := Ask{ID: "ask-1", To: 1, Op: AskFence, Target: "node2", Action: "reboot"}
	ds[2].send(AskMessage(ask))
	var got []Ask
	ds[0].wait("the ask", func(g *Group) bool { got = append(got, g.TakeAsks()...); return len(got) > 0 })
	if len(got) != 1 || got[0] != ask {
		t.Fatalf("node1 received asks %+v, want %+v", got, ask)
	}
	ds[0].send(ReplyMessage(Reply{Ask: ask.ID, Request: ask.ID}), nil)
	for _, d := range ds {
		d.wait("the reply", func(g *Group) bool { _, ok := g.Reply(ask.ID); return ok })
	}
	for _, d := range ds[1:] {
		d.with(func(g *Group) {
			if asks := g.TakeAsks(); len(asks) != 0 {
				t.Errorf("%s received asks addressed to node1: %+v", g.name, asks)
			}
		})
	}
	if _, err := AskMessage(Ask{ID: "x", To: 1, Op: "reboot", Target: "node2"}); err == nil {
		t.Error("an ask of an unknown operation was encoded")
	}
}

func TestALeavingCoordinatorIsReplacedAndItsRequestOrphaned(t *testing.T) {
	_, ds := cluster(t, 3, Config{Digest: "a"})
	for _, d := range ds {
		d.wait("coordinator", coordinator(1))
	}
	ds[0].record(Record{Kind: KindRequest, Target: "node3", Action: "reboot"}, time.Second)
	ds[0].send(LeaveMessage(), nil)
	// node1 is still in the process group: only its announcement tells
	// the others it is going.
	for _, d := range ds[1:] {
		d.wait("node2 coordinating", func(g *Group) bool {
			c, ok := g.Coordinator()
			return ok && c == 2 && g.Leaving(1)
		})
		d.with(func(g *Group) {
			if len(g.Members()) != 3 || len(g.Orphans()) != 1 {
				t.Errorf("%s: members %v, orphans %+v; want node1 still a member, its request orphaned",
					g.name, g.Members(), g.Orphans())
			}
		})
	}
}

func TestSeededRecordsReachTheOthers(t *testing.T) {
	h, ds := cluster(t, 2, Config{Digest: "a"})
	for _, d := range ds {
		d.wait("coordinator", coordinator(1))
	}
	saved := ds[0].record(Record{Kind: KindUp, Target: "node1"}, time.Second)
	ds[0].wait("the record", func(g *Group) bool { return len(g.TakeFresh()) == 1 })
	// The whole cluster stops; node2 starts again with the record it saved.
	h.Stop(1)
	h.Stop(2)
	h.Boot(1, 1)
	h.Boot(2, 1)
	m, err := h.Join(2)
	if err != nil {
		t.Fatal(err)
	}
	g := New(m.Local(), "node2", Config{Digest: "a"})
	g.Seed([]Record{saved, {ID: "bad"}})
	if g.Rejected != 1 {
		t.Errorf("rejected %d seeded records, want 1 (the one without kind)", g.Rejected)
	}
	d := &daemon{t: t, m: m, g: g, changed: make(chan struct{}), done: make(chan struct{})}
	go d.pump()
	t.Cleanup(func() { m.Close(); <-d.done })
	first := start(t, h, 1, Config{Digest: "a"})
	first.wait("the saved record", func(g *Group) bool {
		h := g.History()
		return len(h) == 1 && h[0].ID == saved.ID
	})
}
