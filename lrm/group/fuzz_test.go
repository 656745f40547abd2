package group

import (
	"testing"

	"github.com/executioner-ha/executioner/lrm/membership"
)

// FuzzStep feeds arbitrary peer messages to a group: no panic, and a
// message is either refused whole or every record it holds is valid.
func FuzzStep(f *testing.F) {
	f.Add([]byte(`{"type":"sync","name":"node2","config":{"digest":"a"},"records":[]}`))
	f.Add([]byte(`{"type":"record","records":[{"id":"2-1","kind":"up","time":"2026-01-01T00:00:00Z","target":"node3"}]}`))
	f.Add([]byte(`{"type":"record","records":[{"id":"2-2","kind":"final","time":"2026-01-01T00:00:01Z","request":"2-1","final":{"state":"done","by":"device"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := New(membership.Process{Node: 1, PID: 1}, "node1", Config{Digest: "a"})
		g.Step(membership.Event{Kind: membership.KindGroup, Group: []membership.Process{{Node: 1}, {Node: 2}}})
		g.Step(membership.Event{Kind: membership.KindMessage, From: membership.Process{Node: 2}, Data: data})
		for _, r := range g.History() {
			if err := r.check(); err != nil {
				t.Fatalf("an invalid record was kept: %v", err)
			}
		}
		_ = g.Requests()
		_ = g.Status()
		_ = g.NodeStatus(3, "node3")
	})
}
