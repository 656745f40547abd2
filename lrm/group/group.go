package group

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/executioner-ha/executioner/lrm/membership"
)

// Group is one daemon's copy of the state the daemons agree on. It is not
// safe for concurrent use; the caller serialises Step and the readers.
type Group struct {
	local   membership.Process
	name    string
	cfg     Config
	members []membership.Process
	synced  map[uint32]Peer // the members whose sync of this view arrived
	quorum  membership.Quorum
	records map[string]Record
	fresh   []Record // records learnt since TakeFresh
	asks    []Ask    // asks addressed to this daemon, not yet taken
	replies map[string]Reply
	leaving map[uint32]bool // nodes whose daemon announced its shutdown, not back since
	// expected holds the nodes' expected states (Expect);
	// expectChanged whether they changed since TakeExpectedChanged;
	// names the corosync nodes (SetNames).
	expected      map[uint32]Expect
	expectChanged bool
	names         map[uint32]string
	// ready: the start-up wait is over (a member said so); until then
	// nobody coordinates.
	ready bool
	// bytes is the encoded size of the records held; dropped the
	// requests compaction dropped.
	bytes   int
	dropped map[string]bool
	seq     int
	// Rejected counts the messages that could not be used; LastReject
	// says why the last one was refused.
	Rejected   int
	LastReject string
}

// New returns the state of the daemon local, running on the node named
// name with configuration cfg, before any event.
func New(local membership.Process, name string, cfg Config) *Group {
	return &Group{local: local, name: name, cfg: cfg, synced: map[uint32]Peer{}, records: map[string]Record{},
		replies: map[string]Reply{}, leaving: map[uint32]bool{}, expected: map[uint32]Expect{},
		dropped: map[string]bool{}}
}

// Seed adds records this daemon held before it started (the history it
// saved): they are sent to the others with its first sync. Records that
// are unusable are skipped and counted in Rejected.
func (g *Group) Seed(rs []Record) {
	for _, r := range rs {
		if err := r.check(); err != nil {
			g.Rejected++
			g.LastReject = "saved record: " + err.Error()
			continue
		}
		g.add(r)
	}
}

// TakeFresh returns the records learnt from messages since the last call
// (to be saved), in the order they came.
func (g *Group) TakeFresh() []Record {
	out := g.fresh
	g.fresh = nil
	return out
}

// Step applies one event and returns the messages to multicast.
func (g *Group) Step(e membership.Event) [][]byte {
	switch e.Kind {
	case membership.KindGroup:
		g.members = slices.Clone(e.Group)
		g.synced = map[uint32]Peer{}
		for _, p := range e.Joined {
			delete(g.leaving, p.Node) // back: its shutdown is over
		}
		for _, p := range e.Group {
			g.setExpected(p.Node, true)
		}
		return [][]byte{g.syncMessage()}
	case membership.KindQuorum:
		g.quorum = e.Quorum
	case membership.KindMessage:
		m, err := decodeMessage(e.Data)
		if err != nil {
			g.Rejected++
			g.LastReject = fmt.Sprintf("message from node %d: %v", e.From.Node, err)
			return nil
		}
		for _, r := range m.Records {
			if g.add(r) {
				g.fresh = append(g.fresh, r)
				g.fencedDown(r)
			}
		}
		switch {
		case m.Type == msgSync && g.member(e.From.Node):
			g.synced[e.From.Node] = Peer{Node: e.From.Node, Name: m.Name, Config: *m.Config}
			g.ready = g.ready || m.Ready
			g.mergeExpected(m.Expected)
		case m.Type == msgReady && g.member(e.From.Node):
			g.ready = true
		case m.Type == msgAsk && m.Ask.To == g.local.Node:
			g.asks = append(g.asks, *m.Ask)
		case m.Type == msgReply:
			g.replies[m.Reply.Ask] = *m.Reply
		case m.Type == msgLeave && g.member(e.From.Node):
			g.leaving[e.From.Node] = true
			g.setExpected(e.From.Node, false)
		}
	}
	return nil
}

func (g *Group) member(node uint32) bool {
	return slices.ContainsFunc(g.members, func(p membership.Process) bool { return p.Node == node })
}

func (g *Group) syncMessage() []byte {
	cfg := g.cfg
	// Every record held came through Record or was decoded from JSON, so
	// it encodes.
	b, _ := json.Marshal(message{Type: msgSync, Name: g.name, Config: &cfg, Records: g.History(), Ready: g.ready,
		Expected: g.Expected()})
	return b
}

// ReadyMessage is the message a daemon multicasts once its start-up wait
// (dc-deadtime) is over: when it is delivered, every member's group is
// ready, and a daemon that joins later learns it from the members' sync.
func ReadyMessage() []byte {
	b, _ := json.Marshal(message{Type: msgReady})
	return b
}

// Ready tells whether the start-up wait is over: a member multicast its
// ready message, or synced while ready.
func (g *Group) Ready() bool { return g.ready }

// Record makes a new record of this daemon at time now and returns the
// message that multicasts it; the record takes effect when the message is
// delivered back. A record without an ID gets one unique to this daemon.
func (g *Group) Record(r Record, now time.Time) (Record, []byte, error) {
	g.seq++
	if r.ID == "" {
		r.ID = fmt.Sprintf("%d-%d-%d-%s", g.local.Node, g.local.PID, g.seq, strconv.FormatInt(now.UnixNano(), 36))
	}
	r.Origin, r.PID = g.local.Node, g.local.PID
	r.Time = now.UTC()
	if r.Kind == KindRequest && r.Request == "" {
		r.Request = r.ID
	}
	if err := r.check(); err != nil {
		return r, nil, fmt.Errorf("group: %w", err)
	}
	b, err := json.Marshal(message{Type: msgRecord, Records: []Record{r}})
	if err != nil {
		return r, nil, fmt.Errorf("group: record %s: %w", r.ID, err)
	}
	return r, b, nil
}

// History returns every record, ordered by time, then identity.
func (g *Group) History() []Record {
	out := slices.Collect(maps.Values(g.records))
	slices.SortFunc(out, func(a, b Record) int { return before(&a, &b) })
	return out
}

// Settled tells whether every member of the current group has synced.
func (g *Group) Settled() bool {
	if len(g.members) == 0 {
		return false
	}
	for _, p := range g.members {
		if _, ok := g.synced[p.Node]; !ok {
			return false
		}
	}
	return true
}

// Peers returns the synced members, by node.
func (g *Group) Peers() []Peer {
	out := slices.Collect(maps.Values(g.synced))
	slices.SortFunc(out, func(a, b Peer) int { return int(int64(a.Node) - int64(b.Node)) })
	return out
}

// Coordinator returns the coordinator's node id; false while the group
// has not settled or is not ready.
func (g *Group) Coordinator() (uint32, bool) {
	if !g.Settled() || !g.ready {
		return 0, false
	}
	var peers []Peer
	for _, p := range g.Peers() {
		if !g.leaving[p.Node] {
			peers = append(peers, p)
		}
	}
	if len(peers) == 0 {
		return 0, false
	}
	w := winner(peers)
	for _, p := range peers {
		if p.Config.Digest == w.Config.Digest {
			return p.Node, true
		}
	}
	return 0, false
}

// Coordinating tells whether this daemon is the coordinator of a quorate
// partition.
func (g *Group) Coordinating() bool {
	c, ok := g.Coordinator()
	return ok && c == g.local.Node && g.quorum.Quorate
}

// Quorum is the partition's quorum as last reported.
func (g *Group) Quorum() membership.Quorum { return g.quorum }

// Members is the current process group.
func (g *Group) Members() []membership.Process { return slices.Clone(g.members) }

// Local is this daemon.
func (g *Group) Local() membership.Process { return g.local }
