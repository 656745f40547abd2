package fencer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHistoryCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := openHistory(t, path)
	for i := range 30 {
		id := fmt.Sprintf("r%02d", i)
		if i%10 == 3 { // r03, r13, r23 stay pending
			must(t, h.Begin(Request{ID: id, Target: "node2", Action: "off", Requested: t0}))
			continue
		}
		fenceOK(t, h, id, fmt.Sprintf("node%d", i%3))
	}
	before, _ := os.Stat(path)
	// Another process opened the file just before the compaction and
	// locks it just after: it must notice that the path moved on.
	early, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	must(t, err)
	defer early.Close()
	dropped, err := h.Compact(5)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range h.Last(0) {
		ids = append(ids, r.ID)
	}
	want := "[r03 r13 r23 r25 r26 r27 r28 r29]"
	if dropped != 22 || fmt.Sprint(ids) != want {
		t.Fatalf("dropped %d, kept %v; want 22 dropped, %s", dropped, ids, want)
	}
	after, _ := os.Stat(path)
	if after.Size() >= before.Size() {
		t.Errorf("file grew from %d to %d bytes", before.Size(), after.Size())
	}
	late := &History{f: early, path: path, index: newIndex()}
	if err := late.open(); !errors.Is(err, errReplaced) {
		t.Errorf("locking the file compacted away: %v, want errReplaced", err)
	}
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Errorf("Open of the compacted file: %v, want ErrLocked", err)
	}
	// The compacted history takes appends and reopens as it is.
	must(t, h.Attempt("r03", Attempt{Device: "d", Action: "off", Outcome: OutcomeSuccess, Started: t0, Finished: t0}))
	must(t, h.Finish("r03", Final{State: StateDone, By: ByDevice, Completed: t0.Add(time.Hour)}))
	state := asJSON(t, h.Last(0))
	must(t, h.Close())
	h2 := openHistory(t, path)
	if got := asJSON(t, h2.Last(0)); got != state || len(h2.Damage()) != 0 {
		t.Fatalf("reopened after compaction:\n%s\nwant\n%s\ndamage %v", got, state, h2.Damage())
	}
	if r, ok := h2.LastDone("node2"); !ok || r.ID != "r03" {
		t.Errorf("LastDone(node2) = %s, want r03 (completed last)", r.ID)
	}
}

// TestHistoryStaleCompaction: a compaction interrupted before its rename
// leaves a partial file beside the history; Open ignores and removes it.
func TestHistoryStaleCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := openHistory(t, path)
	fenceOK(t, h, "r1", "node2")
	want := asJSON(t, h.Last(0))
	must(t, h.Close())
	must(t, os.WriteFile(path+compactSuffix, []byte("0badc0de {\"kind\":\"req"), 0o600))
	h2 := openHistory(t, path)
	if got := asJSON(t, h2.Last(0)); got != want || len(h2.Damage()) != 0 {
		t.Errorf("history with a stale compaction: %s, damage %v", got, h2.Damage())
	}
	if _, err := os.Stat(path + compactSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale compaction file kept: %v", err)
	}
}
