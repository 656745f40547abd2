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
