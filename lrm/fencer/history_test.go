package fencer

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

// fenceOK records a request fenced by its second device after the first
// was unreachable.
func fenceOK(t *testing.T, h *History, id, target string) {
	t.Helper()
	must(t, h.Begin(Request{ID: id, Target: target, Action: "reboot", Origin: "node1", Client: "controller", Requested: t0}))
	must(t, h.Attempt(id, Attempt{Device: "ipmi-" + target, Level: 1, Action: "reboot", Outcome: OutcomeUnreachable,
		Detail: "connection timed out", Started: t0, Finished: t0.Add(time.Second)}))
	must(t, h.Attempt(id, Attempt{Device: "pdu", Level: 2, Action: "reboot", Outcome: OutcomeSuccess,
		Started: t0.Add(time.Second), Finished: t0.Add(2 * time.Second)}))
	must(t, h.Finish(id, Final{State: StateDone, By: ByDevice, Delegate: "pdu", Completed: t0.Add(2 * time.Second)}))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func openHistory(t *testing.T, path string) *History {
	t.Helper()
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// asJSON renders requests for comparison.
func asJSON(t *testing.T, rs []Request) string {
	t.Helper()
	b, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHistorySurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := openHistory(t, path)
	fenceOK(t, h, "r1", "node2")
	must(t, h.Begin(Request{ID: "r2", Target: "node3", Action: "off", Requested: t0.Add(time.Minute)}))
	must(t, h.Attempt("r2", Attempt{Device: "ipmi-node3", Action: "off", Outcome: OutcomeNoAck, Started: t0, Finished: t0}))
	must(t, h.Begin(Request{ID: "r3", Target: "node3", Action: "off", Requested: t0.Add(2 * time.Minute)}))
	must(t, h.Finish("r3", Final{State: StateFailed, Reason: "no device left", Completed: t0.Add(3 * time.Minute)}))
	before := asJSON(t, h.Last(0))
	must(t, h.Close())

	h2 := openHistory(t, path)
	if got := asJSON(t, h2.Last(0)); got != before {
		t.Fatalf("after reopening:\n%s\nwant\n%s", got, before)
	}
	if d := h2.Damage(); len(d) != 0 {
		t.Errorf("damage in a clean file: %v", d)
	}
	if p := h2.Pending(); len(p) != 1 || p[0].ID != "r2" || p[0].Attempts[0].Outcome.Code() != 2 {
		t.Errorf("pending = %+v, want r2 with one no-ack attempt", p)
	}
	if rs := h2.ByTarget("node3"); len(rs) != 2 || rs[0].ID != "r2" || rs[1].State != StateFailed {
		t.Errorf("ByTarget(node3) = %+v", rs)
	}
	if rs := h2.Last(1); len(rs) != 1 || rs[0].ID != "r3" {
		t.Errorf("Last(1) = %+v", rs)
	}
	if r, ok := h2.LastDone("node2"); !ok || r.Final.Delegate != "pdu" || r.Final.By != ByDevice {
		t.Errorf("LastDone(node2) = %+v %v", r, ok)
	}
	if _, ok := h2.LastDone("node3"); ok {
		t.Error("node3 reported fenced")
	}
}

func TestHistoryRefusesUnconfirmedDone(t *testing.T) {
	h := openHistory(t, filepath.Join(t.TempDir(), "history"))
	must(t, h.Begin(Request{ID: "r1", Target: "node2", Action: "off", Requested: t0}))
	must(t, h.Attempt("r1", Attempt{Device: "d1", Action: "off", Outcome: OutcomeInternal, Started: t0, Finished: t0}))
	bad := []struct {
		name string
		err  error
	}{
		{"done by device without success", h.Finish("r1", Final{State: StateDone, By: ByDevice, Completed: t0})},
		{"done without confirmation", h.Finish("r1", Final{State: StateDone, Completed: t0})},
		{"failed yet confirmed", h.Finish("r1", Final{State: StateFailed, By: ByOperator, Completed: t0})},
		{"invalid state", h.Finish("r1", Final{State: StatePending, Completed: t0})},
		{"unknown outcome", h.Attempt("r1", Attempt{Device: "d1", Action: "off", Outcome: "ok"})},
		{"empty outcome", h.Attempt("r1", Attempt{Device: "d1", Action: "off"})},
		{"unknown request", h.Attempt("r9", Attempt{Device: "d1", Action: "off", Outcome: OutcomeSuccess})},
		{"duplicate id", h.Begin(Request{ID: "r1", Target: "node2", Action: "off", Requested: t0})},
		{"no target", h.Begin(Request{ID: "r2", Action: "off", Requested: t0})},
	}
	for _, b := range bad {
		if b.err == nil {
			t.Errorf("%s: accepted", b.name)
		}
	}
	must(t, h.Finish("r1", Final{State: StateDone, By: ByOperator, Delegate: "a human", Completed: t0}))
	if err := h.Attempt("r1", Attempt{Device: "d1", Action: "off", Outcome: OutcomeSuccess}); err == nil {
		t.Error("attempt after the end accepted")
	}
	if r, _ := h.Get("r1"); r.State != StateDone || len(r.Attempts) != 1 {
		t.Errorf("r1 = %+v", r)
	}
}

func TestHistoryLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := openHistory(t, path)
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	must(t, h.Close())
	if err := h.Begin(Request{ID: "r", Target: "n", Action: "off", Requested: t0}); err == nil {
		t.Error("append after Close accepted")
	}
	openHistory(t, path)
}

func TestHistoryConcurrentAppenders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := openHistory(t, path)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				id := fmt.Sprintf("w%d-%d", w, i)
				if err := h.Begin(Request{ID: id, Target: fmt.Sprintf("node%d", w), Action: "off", Requested: t0}); err != nil {
					t.Error(err)
					return
				}
				_ = h.Attempt(id, Attempt{Device: "d", Action: "off", Outcome: OutcomeSuccess, Started: t0, Finished: t0})
				_ = h.Finish(id, Final{State: StateDone, By: ByDevice, Completed: t0})
			}
		})
	}
	wg.Wait()
	before := asJSON(t, h.Last(0))
	must(t, h.Close())
	h2 := openHistory(t, path)
	if got := h2.Last(0); len(got) != 80 || asJSON(t, got) != before || len(h2.Damage()) != 0 {
		t.Fatalf("reopened: %d requests, damage %v; same as before: %v", len(got), h2.Damage(), asJSON(t, got) == before)
	}
	for _, r := range h2.Last(0) {
		if r.State != StateDone || len(r.Attempts) != 1 {
			t.Errorf("request %s: %s with %d attempts", r.ID, r.State, len(r.Attempts))
		}
	}
	if n := len(h2.ByTarget("node3")); n != 10 {
		t.Errorf("ByTarget(node3): %d requests, want 10", n)
	}
}

func TestHistoryCorruptLineSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := openHistory(t, path)
	fenceOK(t, h, "r1", "node2")
	fenceOK(t, h, "r2", "node3")
	must(t, h.Close())
	b, err := os.ReadFile(path)
	must(t, err)
	// Flip a byte inside the first request's success attempt (line 3).
	lines := 0
	for i, c := range b {
		if c == '\n' {
			lines++
		}
		if lines == 2 && c == 's' {
			b[i] = 'S'
			break
		}
	}
	must(t, os.WriteFile(path, b, 0o600))
	h2 := openHistory(t, path)
	d := h2.Damage()
	// Line 3 fails its checksum; line 4 (done by device) then has no
	// successful attempt to stand on and is refused too.
	if len(d) != 2 || d[0].Line != 3 || d[1].Line != 4 || d[0].Torn || d[1].Torn {
		t.Fatalf("damage = %v", d)
	}
	if r, _ := h2.Get("r1"); r.State != StatePending {
		t.Errorf("r1 read as %s after its success record was corrupted", r.State)
	}
	if r, _ := h2.Get("r2"); r.State != StateDone {
		t.Errorf("r2 = %s, want done", r.State)
	}
}
