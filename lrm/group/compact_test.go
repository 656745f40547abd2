package group

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// apply makes record r on g at second at and delivers it back.
func apply(t *testing.T, g *Group, r Record, at int) Record {
	t.Helper()
	r, b, err := g.Record(r, epoch.Add(time.Duration(at)*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	g.Step(membership.Event{Kind: membership.KindMessage, From: g.local, Data: b})
	return r
}

func endRequest(t *testing.T, g *Group, target string, state fencer.State, at int) Record {
	t.Helper()
	q := apply(t, g, Record{Kind: KindRequest, Target: target, Action: "reboot"}, at)
	apply(t, g, Record{Kind: KindFinal, Request: q.Request, Final: &fencer.Final{State: state, By: fencer.ByDevice}}, at+1)
	return q
}

// TestCompactionKeepsTheNewestRequestsAndWhatNodeStatusNeeds: a history
// of 20 failed requests against node3, one done against node2 since it
// was last seen, a pending one and repeated up records, compacted to 3
// ended requests, keeps the newest 3, the done one, the pending one and
// each node's latest up; every node's status and the up records to make
// are unchanged, and the records dropped do not come back with another
// daemon's sync.
func TestCompactionKeepsTheNewestRequestsAndWhatNodeStatusNeeds(t *testing.T) {
	g := New(membership.Process{Node: 1, PID: 1}, "node1", Config{Digest: "a"})
	pending := apply(t, g, Record{Kind: KindRequest, Target: "node3", Action: "off"}, 0)
	for i := range 5 {
		apply(t, g, Record{Kind: KindUp, Target: "node1"}, 1+i)
	}
	apply(t, g, Record{Kind: KindUp, Target: "node2"}, 10)
	apply(t, g, Record{Kind: KindUp, Target: "node3"}, 10)
	var failed []string
	for i := range 20 {
		failed = append(failed, endRequest(t, g, "node3", fencer.StateFailed, 20+2*i).Request)
	}
	done := endRequest(t, g, "node2", fencer.StateDone, 15)
	names := map[uint32]string{1: "node1", 2: "node2", 3: "node3"}
	status := func() []string {
		var out []string
		for id, n := range names {
			out = append(out, n+" "+g.NodeStatus(id, n))
		}
		slices.Sort(out)
		return append(out, fmt.Sprint(g.Up(names)))
	}
	wasStatus, all := status(), g.History()

	if n := g.Compact(3); n != 17*2+4 {
		t.Errorf("dropped %d records, want %d (17 requests of 2, 4 up records)", n, 17*2+4)
	}
	var kept []string
	for _, q := range g.Requests() {
		kept = append(kept, q.ID)
	}
	want := []string{pending.Request, done.Request}
	want = append(want, failed[17:]...)
	slices.Sort(kept)
	slices.Sort(want)
	if !slices.Equal(kept, want) {
		t.Errorf("requests kept %v, want %v", kept, want)
	}
	if got := status(); !slices.Equal(got, wasStatus) {
		t.Errorf("after compaction: %v, before %v", got, wasStatus)
	}
	if n := g.Compact(3); n != 0 {
		t.Errorf("a second compaction dropped %d records", n)
	}

	b := encode(t, message{Type: msgSync, Name: "node2", Config: &Config{Digest: "a"}, Records: all})
	g.Step(membership.Event{Kind: membership.KindMessage, From: membership.Process{Node: 2, PID: 2}, Data: b})
	if got := len(g.Requests()); got != len(want) {
		t.Errorf("%d requests after another daemon's sync of the old history, want %d", got, len(want))
	}
}

// TestCompactionBoundsTheEncodedHistory: requests with large attempt
// records are dropped, oldest first, until the history fits in half of a
// sync message's room, however few there are.
func TestCompactionBoundsTheEncodedHistory(t *testing.T) {
	g := New(membership.Process{Node: 1, PID: 1}, "node1", Config{Digest: "a"})
	detail := strings.Repeat("x", 64<<10)
	for i := range 12 {
		q := apply(t, g, Record{Kind: KindRequest, Target: "node3", Action: "reboot"}, 2*i)
		apply(t, g, Record{Kind: KindAttempt, Request: q.Request,
			Attempt: &fencer.Attempt{Device: "ipmi", Detail: detail}}, 2*i)
		apply(t, g, Record{Kind: KindFinal, Request: q.Request, Final: &fencer.Final{State: fencer.StateFailed}}, 2*i+1)
	}
	if g.Compact(MaxRequests) == 0 {
		t.Fatalf("nothing dropped from %d bytes", g.bytes)
	}
	if g.bytes > maxHistoryBytes/2 || len(syncOf(g)) > membership.MaxMessage {
		t.Errorf("%d bytes held (sync %d) after compaction, want at most %d", g.bytes, len(syncOf(g)), maxHistoryBytes/2)
	}
	if len(g.Requests()) == 0 {
		t.Error("every request dropped")
	}
}

func syncOf(g *Group) []byte { return g.syncMessage() }
