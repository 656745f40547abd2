package membership

import (
	"fmt"
	"slices"
	"sync"
)

// Hub is an in-memory cluster, the twin of corosync for tests: nodes with
// one vote each, partitions, and on each node at most one daemon joined to
// the process group. Every partition delivers its group changes and
// messages to its daemons in one order, and its quorum as votequorum
// computes it (more than half of the expected votes).
type Hub struct {
	mu       sync.Mutex
	expected uint32
	part     map[uint32]int // the partition of each running node
	daemons  map[uint32]*inmem
	pid      uint32
}

// NewHub returns a cluster of nodes 1 to expected, none running.
func NewHub(expected int) *Hub {
	return &Hub{expected: uint32(expected), part: map[uint32]int{}, daemons: map[uint32]*inmem{}}
}

// Boot starts corosync on node, in the partition of the nodes that can
// reach it (a new one of its own when part is 0).
func (h *Hub) Boot(node uint32, part int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if part == 0 {
		part = h.newPart()
	}
	h.part[node] = part
	h.changed()
}

// Stop powers node off: its corosync and its daemon are gone at once, and
// its daemon's Events channel is closed.
func (h *Hub) Stop(node uint32) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.part, node)
	if d := h.daemons[node]; d != nil {
		delete(h.daemons, node)
		d.q.close()
	}
	h.changed()
}

// Partition splits the running nodes: each list becomes a partition of
// its own, and a running node in no list stays where it was.
func (h *Hub) Partition(parts ...[]uint32) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range parts {
		id := h.newPart()
		for _, n := range p {
			if _, ok := h.part[n]; ok {
				h.part[n] = id
			}
		}
	}
	h.changed()
}

// Heal joins every running node into one partition.
func (h *Hub) Heal() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for n := range h.part {
		h.part[n] = 1
	}
	h.changed()
}

func (h *Hub) newPart() int {
	max := 1
	for _, p := range h.part {
		max = maxInt(max, p)
	}
	return max + 1
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Join starts a daemon on node, which must be running and have none.
func (h *Hub) Join(node uint32) (Membership, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.part[node]; !ok {
		return nil, fmt.Errorf("node %d: %w", node, ErrUnavailable)
	}
	if h.daemons[node] != nil {
		return nil, fmt.Errorf("membership: node %d already runs a daemon", node)
	}
	h.pid++
	d := &inmem{hub: h, local: Process{Node: node, PID: h.pid}, q: newQueue()}
	h.daemons[node] = d
	h.changed()
	return d, nil
}

// peers returns the daemons of partition p.
func (h *Hub) peers(p int) []*inmem {
	var out []*inmem
	for n, d := range h.daemons {
		if h.part[n] == p {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *inmem) int { return int(a.local.Node) - int(b.local.Node) })
	return out
}

func procsOf(ds []*inmem) []Process {
	out := make([]Process, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.local)
	}
	return out
}

// changed recomputes every daemon's group and quorum after the partitions
// changed: each daemon sees the others of its old group that are no
// longer with it leave, and those newly with it join.
func (h *Hub) changed() {
	for _, d := range h.daemons {
		var joined, left []Process
		now := map[Process]bool{}
		for _, o := range h.peers(h.part[d.local.Node]) {
			now[o.local] = true
			if !d.group[o.local] {
				joined = append(joined, o.local)
			}
		}
		for o := range d.group {
			if !now[o] {
				left = append(left, o)
			}
		}
		if len(joined)+len(left) > 0 {
			d.group = now
			d.q.push(Event{Kind: KindGroup, Group: sortProcs(procsOf(h.peers(h.part[d.local.Node]))),
				Joined: sortProcs(joined), Left: sortProcs(left)})
		}
		h.quorumTo(d)
	}
}

// quorumTo delivers d's partition's quorum if it changed.
func (h *Hub) quorumTo(d *inmem) {
	var members []uint32
	for n, p := range h.part {
		if p == h.part[d.local.Node] {
			members = append(members, n)
		}
	}
	slices.Sort(members)
	votes := uint32(len(members))
	q := Quorum{Quorate: votes > h.expected/2, Members: members, ExpectedVotes: h.expected,
		TotalVotes: votes, Needed: h.expected/2 + 1}
	if d.quorum != nil && slices.Equal(d.quorum.Members, q.Members) && d.quorum.Quorate == q.Quorate {
		return
	}
	d.quorum = &q
	d.q.push(Event{Kind: KindQuorum, Quorum: q})
}

// inmem is one daemon on a Hub.
type inmem struct {
	hub    *Hub
	local  Process
	q      *queue
	group  map[Process]bool // the group as last delivered (hub.mu)
	quorum *Quorum          // the quorum as last delivered (hub.mu)
}

func (d *inmem) Local() Process       { return d.local }
func (d *inmem) Events() <-chan Event { return d.q.out }

func (d *inmem) Send(data []byte) error {
	if len(data) > MaxMessage {
		return fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	h := d.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.daemons[d.local.Node] != d {
		return ErrClosed
	}
	e := Event{Kind: KindMessage, From: d.local, Data: slices.Clone(data)}
	for _, o := range h.peers(h.part[d.local.Node]) {
		o.q.push(e)
	}
	return nil
}

func (d *inmem) Close() error {
	h := d.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.daemons[d.local.Node] != d {
		return nil
	}
	delete(h.daemons, d.local.Node)
	d.q.close()
	h.changed()
	return nil
}
