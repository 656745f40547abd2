package controller

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestOrderEdges: the plan fences the DC last (order node2 before node1,
// as Pacemaker's scheduler decides for testdata/order-edges.xml); the
// daemon, on node4, starts fencing node1 only once node2's fencing is done
// and recorded.
func TestOrderEdges(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "order-edges.xml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, path, "node4", nil, time.Second)
	var fences []string
	for _, a := range hs.settle() {
		if a.Kind == ActFence {
			fences = append(fences, a.Target)
		}
	}
	if !slices.Equal(fences, []string{"node2", "node1"}) {
		t.Fatalf("fenced %q, want node2 then node1", fences)
	}
	first, ok1 := hs.hist.LastDone("node2")
	second, ok2 := hs.hist.LastDone("node1")
	if !ok1 || !ok2 || !fencedInCIB(t, path, "node1") || !fencedInCIB(t, path, "node2") {
		t.Fatal("node1 and node2 are not both fenced and recorded")
	}
	if second.Requested.Before(first.Final.Completed) {
		t.Fatalf("node1 requested at %v, before node2's fencing completed at %v", second.Requested, first.Final.Completed)
	}
	if n := len(hs.hist.Last(0)); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

// TestBadCIB: a CIB that does not parse is reported once and does not
// stop the daemon, which plans again once the file is repaired.
func TestBadCIB(t *testing.T) {
	dir := t.TempDir()
	path := writeCIB(t, dir, "", "", "", healthy)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, path, "node1", nil, time.Second)
	hs.settle()
	if n := len(hs.eventsOf(EventPlan)); n != 1 {
		t.Fatalf("%d plans", n)
	}
	replaceFile(t, path, []byte("<cib><configuration>"))
	hs.settle()
	hs.settle()
	if n := len(hs.eventsOf(EventError)); n != 1 {
		t.Fatalf("the bad CIB was reported %d times", n)
	}
	replaceFile(t, path, append(good, '\n'))
	hs.settle()
	if n := len(hs.eventsOf(EventPlan)); n != 2 {
		t.Fatalf("%d plans after the repair, want 2", n)
	}
}

// replaceFile replaces path with data by a rename, so that no reader sees
// it half written.
func replaceFile(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
