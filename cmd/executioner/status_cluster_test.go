package main

import (
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/lrm/group"
)

// TestStatusNamesOverdueNodes: a member without its daemon past the join
// timeout is named, with what it means.
func TestStatusNamesOverdueNodes(t *testing.T) {
	var b strings.Builder
	writeCluster(&b, &group.Status{Local: 2, Settled: true, Ready: true, Quorate: true, Coordinator: 2,
		Quorum: []uint32{1, 2}, Expected: 2, Overdue: []uint32{1}})
	if !strings.Contains(b.String(), "node 1: a member without its daemon past the join timeout") {
		t.Errorf("status does not name node 1 overdue:\n%s", b.String())
	}
	b.Reset()
	writeCluster(&b, &group.Status{Local: 2, Settled: true, Ready: true, Quorate: true, Coordinator: 2,
		Quorum: []uint32{1, 2}, Expected: 2})
	if strings.Contains(b.String(), "join timeout") {
		t.Errorf("status names an overdue node with none:\n%s", b.String())
	}
}
