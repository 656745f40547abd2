package group

import (
	"slices"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// Request is a fencing request as the history tells it.
type Request struct {
	ID, Target, Action string
	// Owner is the daemon carrying it out: its creator, or the last one
	// that adopted it, or the daemon either handed it to (Record.Runner).
	Owner membership.Process
	// State is pending, done or failed; By who confirmed a done request.
	State     fencer.State
	By        fencer.Confirmation
	Created   time.Time
	Ended     time.Time
	Attempts  []Record
	Adoptions int
}

// Requests folds the history into its requests, oldest first. A request is
// done once any final record says so (a device confirmed it), whatever
// else was recorded; failed when it ended and none did.
func (g *Group) Requests() []Request {
	var out []Request
	idx := map[string]int{}
	for _, r := range g.History() {
		if r.Kind == KindUp {
			continue
		}
		i, ok := idx[r.Request]
		if !ok {
			if r.Kind != KindRequest {
				continue // its request record is not here (yet)
			}
			idx[r.Request] = len(out)
			out = append(out, Request{ID: r.Request, Target: r.Target, Action: r.Action, Owner: r.owner(),
				State: fencer.StatePending, Created: r.Time})
			continue
		}
		q := &out[i]
		switch r.Kind {
		case KindAdopt:
			q.Owner = r.owner()
			q.Adoptions++
		case KindAttempt:
			q.Attempts = append(q.Attempts, r)
		case KindFinal:
			if q.State != fencer.StateDone {
				q.State, q.By, q.Ended = r.Final.State, r.Final.By, r.Time
			}
		}
	}
	return out
}

// owner is the daemon a request or adopt record makes the owner: the
// runner it names, else its maker.
func (r *Record) owner() membership.Process {
	if r.Runner != nil {
		return *r.Runner
	}
	return membership.Process{Node: r.Origin, PID: r.PID}
}

// Orphans returns the pending requests whose owner is not in the group
// (the daemon that made or adopted it is gone, or shutting down): the
// coordinator adopts and finishes them.
func (g *Group) Orphans() []Request {
	var out []Request
	for _, q := range g.Requests() {
		if q.State == fencer.StatePending && (!slices.Contains(g.members, q.Owner) || g.leaving[q.Owner.Node]) {
			out = append(out, q)
		}
	}
	return out
}

// Request returns the request id as the history tells it.
func (g *Group) Request(id string) (Request, bool) {
	for _, q := range g.Requests() {
		if q.ID == id {
			return q, true
		}
	}
	return Request{}, false
}

// Pending returns the pending request against target for action, if any.
func (g *Group) Pending(target, action string) (Request, bool) {
	for _, q := range g.Requests() {
		if q.State == fencer.StatePending && strings.EqualFold(q.Target, target) && q.Action == action {
			return q, true
		}
	}
	return Request{}, false
}

// The states NodeStatus reports.
const (
	// NodeUnseen: never seen as a member (startup fencing applies).
	NodeUnseen = "unseen"
	// NodeMember: a member of this partition now.
	NodeMember = "member"
	// NodeLost: seen, no longer a member, not fenced since.
	NodeLost = "lost"
	// NodeFenced: not a member, fenced (or confirmed down) since last seen.
	NodeFenced = "fenced"
)

// NodeStatus tells what the cluster knows of node name with id: whether it
// is a member of this partition, and otherwise whether it was fenced since
// it was last seen.
func (g *Group) NodeStatus(id uint32, name string) string {
	if slices.Contains(g.quorum.Members, id) {
		return NodeMember
	}
	seen, fenced := false, false
	for _, r := range g.History() {
		switch {
		case r.Kind == KindUp && r.Target == name:
			seen, fenced = true, false
		case r.Kind == KindFinal && r.Final.State == fencer.StateDone && g.targetOf(r.Request) == name:
			fenced = true
		}
	}
	switch {
	case fenced:
		return NodeFenced
	case seen:
		return NodeLost
	}
	return NodeUnseen
}

func (g *Group) targetOf(req string) string {
	if r, ok := g.records[req]; ok {
		return r.Target
	}
	return ""
}

// Up returns the up records the coordinator must make: one for each member
// of the partition (named by names) whose latest record is not an up.
func (g *Group) Up(names map[uint32]string) []string {
	var out []string
	for _, id := range g.quorum.Members {
		name := names[id]
		if name == "" {
			continue
		}
		last := Kind("")
		for _, r := range g.History() {
			if r.Target == name && r.Kind == KindUp || r.Kind == KindFinal && r.Final.State == fencer.StateDone && g.targetOf(r.Request) == name {
				last = r.Kind
			}
		}
		if last != KindUp {
			out = append(out, name)
		}
	}
	return out
}

// Status is what executioner status reports of the group.
type Status struct {
	Local       uint32 `json:"local"`
	Members     []Peer `json:"members"`
	Coordinator uint32 `json:"coordinator"`
	Settled     bool   `json:"settled"`
	// Ready: the start-up wait (dc-deadtime) is over; nobody
	// coordinates before.
	Ready    bool     `json:"ready"`
	Quorate  bool     `json:"quorate"`
	Quorum   []uint32 `json:"quorum"`
	Expected uint32   `json:"expected_votes"`
	// Winner is the configuration that wins; Mismatch the members whose
	// configuration differs from it.
	Winner   Config `json:"winner"`
	Mismatch []Peer `json:"mismatch,omitempty"`
	// Pending are the members of the partition without their daemon that
	// are not expected members (booting, or shut down in order): not
	// fenced. Gone are those without their daemon that are expected
	// members: their controller is gone, they are fenced.
	Pending []uint32 `json:"pending,omitempty"`
	Gone    []uint32 `json:"gone,omitempty"`
}

// Status returns the group's status.
func (g *Group) Status() Status {
	s := Status{Local: g.local.Node, Members: g.Peers(), Settled: g.Settled(), Ready: g.ready, Quorate: g.quorum.Quorate,
		Quorum: g.quorum.Members, Expected: g.quorum.ExpectedVotes}
	s.Coordinator, _ = g.Coordinator()
	for _, id := range g.quorum.Members {
		switch {
		case g.Booting(id):
			s.Pending = append(s.Pending, id)
		case g.Gone(id):
			s.Gone = append(s.Gone, id)
		}
	}
	if len(s.Members) > 0 {
		w := winner(s.Members)
		s.Winner = w.Config
		for _, p := range s.Members {
			if p.Config.Digest != w.Config.Digest {
				s.Mismatch = append(s.Mismatch, p)
			}
		}
	}
	return s
}
