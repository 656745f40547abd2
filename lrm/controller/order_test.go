package controller

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/lrm/fencer"
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
	h, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctl, err := New(Config{CIB: path, Node: "node4", History: h, Poll: 20 * time.Millisecond,
		Runner: &fencer.Agents{Registry: all.Registry(), Hostname: "node4"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ctl.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 10*time.Second, "node1 and node2 fenced", func() bool {
		return fencedInCIB(t, path, "node1") && fencedInCIB(t, path, "node2")
	})
	first, ok1 := h.LastDone("node2")
	second, ok2 := h.LastDone("node1")
	if !ok1 || !ok2 {
		t.Fatal("the history lacks a done request")
	}
	if second.Requested.Before(first.Final.Completed) {
		t.Fatalf("node1 requested at %v, before node2's fencing completed at %v", second.Requested, first.Final.Completed)
	}
	if n := len(h.Last(0)); n != 2 {
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
	d := startDaemon(t, path, time.Second)
	waitFor(t, 5*time.Second, "a plan", func() bool { return len(d.eventsOf(EventPlan)) == 1 })
	replaceFile(t, path, []byte("<cib><configuration>"))
	waitFor(t, 5*time.Second, "the error", func() bool { return len(d.eventsOf(EventError)) == 1 })
	time.Sleep(200 * time.Millisecond)
	if n := len(d.eventsOf(EventError)); n != 1 {
		t.Fatalf("the bad CIB was reported %d times", n)
	}
	replaceFile(t, path, append(good, '\n'))
	waitFor(t, 5*time.Second, "a new plan", func() bool { return len(d.eventsOf(EventPlan)) == 2 })
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
