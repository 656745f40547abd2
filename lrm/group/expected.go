package group

import (
	"slices"

	"github.com/executioner-ha/executioner/lrm/fencer"
)

// Expect is what the daemons know of one node's controller, as
// Pacemaker's expected state: Member once a daemon saw the node's daemon
// in the group, until that daemon announced its shutdown or the node was
// fenced (or confirmed down). Gen counts the changes: every member of a
// view makes the same changes in the same order, so the higher Gen is
// the newer knowledge when a daemon that was away syncs.
type Expect struct {
	Member bool   `json:"member"`
	Gen    uint64 `json:"gen"`
}

// setExpected records that node's expected state is now member.
func (g *Group) setExpected(node uint32, member bool) {
	e := g.expected[node]
	if e.Member == member && e.Gen > 0 {
		return
	}
	g.expected[node] = Expect{Member: member, Gen: e.Gen + 1}
	g.expectChanged = true
}

// mergeExpected takes what a peer knows of the nodes' expected states:
// the higher Gen wins; on a tie, member (some daemon saw it, none saw it
// leave).
func (g *Group) mergeExpected(from map[uint32]Expect) {
	for id, e := range from {
		cur, ok := g.expected[id]
		if !ok || e.Gen > cur.Gen || e.Gen == cur.Gen && e.Member && !cur.Member {
			g.expected[id] = e
			g.expectChanged = true
		}
	}
}

// fencedDown clears the expected state of the target of a done fencing
// request's final record r: the node is down, as Pacemaker sets expected
// down once it is fenced.
func (g *Group) fencedDown(r Record) {
	if r.Kind != KindFinal || r.Final == nil || r.Final.State != fencer.StateDone {
		return
	}
	target := g.targetOf(r.Request)
	for id, name := range g.names {
		if name == target && target != "" {
			g.setExpected(id, false)
		}
	}
}

// SetNames tells the group the cluster's corosync nodes (id to name), so
// that a node fenced or confirmed down is no longer an expected member.
func (g *Group) SetNames(names map[uint32]string) { g.names = names }

// SeedExpected takes the expected states this daemon saved before it
// started; they are sent to the others with its first sync.
func (g *Group) SeedExpected(saved map[uint32]Expect) {
	g.mergeExpected(saved)
	g.expectChanged = false
}

// Expected returns a copy of the nodes' expected states.
func (g *Group) Expected() map[uint32]Expect {
	out := make(map[uint32]Expect, len(g.expected))
	for id, e := range g.expected {
		out[id] = e
	}
	return out
}

// TakeExpectedChanged reports whether the expected states changed since
// the last call (to be saved).
func (g *Group) TakeExpectedChanged() bool {
	c := g.expectChanged
	g.expectChanged = false
	return c
}

// ExpectedMember tells whether node's controller is expected up: a
// daemon saw its daemon in the group, and since then it neither
// announced its shutdown nor was the node fenced.
func (g *Group) ExpectedMember(node uint32) bool { return g.expected[node].Member }

// Booting tells whether node is a member of the partition without its
// daemon in the group and not an expected member: pending, as Pacemaker
// leaves a node whose controller never joined, never fenced for it.
func (g *Group) Booting(node uint32) bool {
	return slices.Contains(g.quorum.Members, node) && !g.member(node) && !g.expected[node].Member
}

// Gone tells whether node is a member of the partition without its
// daemon in the group while an expected member: its controller is gone
// ("peer process is no longer available"), the node is fenced.
func (g *Group) Gone(node uint32) bool {
	return slices.Contains(g.quorum.Members, node) && !g.member(node) && g.expected[node].Member
}
