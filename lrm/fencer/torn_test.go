package fencer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestHistoryTornLastRecord simulates a crash in the middle of writing the
// last record: the file is cut at every byte offset of that record. The
// partial record must be dropped and reported, the request must read as it
// was before the record (never done), and the history must accept appends
// and reopen cleanly afterwards.
func TestHistoryTornLastRecord(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	h := openHistory(t, full)
	fenceOK(t, h, "r0", "node1")
	fenceOK(t, h, "r1", "node2")
	must(t, h.Close())
	data, err := os.ReadFile(full)
	must(t, err)
	// The last two records: the successful attempt, then the final record.
	lastStart := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
	prevStart := bytes.LastIndexByte(data[:lastStart-1], '\n') + 1
	for _, cut := range []struct {
		start, end int
		state      State
		attempts   int
	}{
		{prevStart, lastStart, StatePending, 1}, // the success attempt is torn
		{lastStart, len(data), StatePending, 2}, // the final record is torn
	} {
		for off := cut.start; off < cut.end; off++ {
			checkTornAt(t, data, off, cut.start, cut.attempts)
		}
	}
	h2 := openHistory(t, full)
	if r, _ := h2.Get("r1"); r.State != StateDone {
		t.Errorf("intact file: r1 %s", r.State)
	}
}

// checkTornAt opens data cut at off, whose last complete record ends at
// good, and checks what the history makes of it.
func checkTornAt(t *testing.T, data []byte, off, good, attempts int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history")
	must(t, os.WriteFile(path, data[:off], 0o600))
	h, err := Open(path)
	if err != nil {
		t.Fatalf("cut at %d: %v", off, err)
	}
	defer h.Close()
	d := h.Damage()
	torn := off > good
	if torn != (len(d) == 1) || torn && (!d[0].Torn || d[0].Offset != int64(good) || d[0].Len != off-good) {
		t.Fatalf("cut at %d (record starts at %d): damage %v", off, good, d)
	}
	r, ok := h.Get("r1")
	if !ok || r.State != StatePending || len(r.Attempts) != attempts {
		t.Fatalf("cut at %d: r1 %s with %d attempts, want pending with %d", off, r.State, len(r.Attempts), attempts)
	}
	if _, ok := h.LastDone("node2"); ok {
		t.Fatalf("cut at %d: node2 reported fenced", off)
	}
	if st, _ := os.Stat(path); st.Size() != int64(good) {
		t.Fatalf("cut at %d: file is %d bytes after repair, want %d", off, st.Size(), good)
	}
	must(t, h.Finish("r1", Final{State: StateFailed, Reason: "restarted", Completed: t0}))
	must(t, h.Close())
	h2, err := Open(path)
	if err != nil {
		t.Fatalf("cut at %d, reopened: %v", off, err)
	}
	defer h2.Close()
	if r, _ := h2.Get("r1"); len(h2.Damage()) != 0 || r.State != StateFailed {
		t.Fatalf("cut at %d, reopened: damage %v, r1 %s", off, h2.Damage(), r.State)
	}
}
