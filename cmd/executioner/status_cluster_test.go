package main

import (
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/lrm/group"
)

// TestStatusNamesPendingAndGoneNodes: a member without its daemon is
// named, pending (not fenced) or gone (fenced), with what it means.
func TestStatusNamesPendingAndGoneNodes(t *testing.T) {
	var b strings.Builder
	writeCluster(&b, &group.Status{Local: 2, Settled: true, Ready: true, Quorate: true, Coordinator: 2,
		Quorum: []uint32{1, 2, 3}, Expected: 3, Pending: []uint32{3}, Gone: []uint32{1}})
	out := b.String()
	if !strings.Contains(out, "node 1: a member whose daemon left without shutting down") {
		t.Errorf("status does not name node 1 gone:\n%s", out)
	}
	if !strings.Contains(out, "node 3: pending") || strings.Contains(out, "node 1: pending") {
		t.Errorf("status does not name node 3, only it, pending:\n%s", out)
	}
	b.Reset()
	writeCluster(&b, &group.Status{Local: 2, Settled: true, Ready: true, Quorate: true, Coordinator: 2,
		Quorum: []uint32{1, 2}, Expected: 2})
	if strings.Contains(b.String(), "pending") || strings.Contains(b.String(), "gone") {
		t.Errorf("status names a node without its daemon with none:\n%s", b.String())
	}
}
