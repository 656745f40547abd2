package group

import (
	"encoding/json"
	"slices"

	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// MaxRequests is how many ended requests a daemon keeps once its history
// is compacted, as Pacemaker's fencer keeps its last 500 operations.
const MaxRequests = 500

// maxHistoryBytes bounds the encoded history, so that a sync message
// carrying all of it stays well within membership.MaxMessage.
const maxHistoryBytes = membership.MaxMessage / 2

// add holds r unless it is held already or belongs to a request
// compaction dropped; it reports whether r is new.
func (g *Group) add(r Record) bool {
	if _, ok := g.records[r.ID]; ok || r.Request != "" && g.dropped[r.Request] {
		return false
	}
	g.records[r.ID] = r
	g.bytes += recordSize(r)
	return true
}

func recordSize(r Record) int {
	b, _ := json.Marshal(r) // a record held was decoded from JSON or checked by Record
	return len(b) + 1
}

// Compact bounds the history once it holds more than 4×keep records or
// more than half of what a message may carry: it drops the records of the
// oldest ended requests, keeping the newest keep (fewer when the size
// demands it), and the up records older than each node's latest. What
// NodeStatus and Up tell is unchanged: pending requests, each node's
// latest up record and the requests done against it since are kept.
// The records of a dropped request are refused from then on, so the
// others' sync messages do not bring them back (an old up record they
// bring is dropped again by the next compaction). It returns the number of
// records dropped.
func (g *Group) Compact(keep int) int {
	if len(g.records) <= 4*keep && g.bytes <= maxHistoryBytes {
		return 0
	}
	h := g.History()
	lastUp := map[string]Record{}
	for _, r := range h {
		if r.Kind == KindUp {
			lastUp[r.Target] = r
		}
	}
	var ended []Request
	for _, q := range g.Requests() {
		up, seen := lastUp[q.Target]
		fencedSince := q.State == fencer.StateDone && (!seen || q.Ended.After(up.Time))
		if q.State != fencer.StatePending && !fencedSince {
			ended = append(ended, q)
		}
	}
	drop := map[string]bool{}
	size := g.bytes
	for i, q := range ended {
		if len(ended)-i <= keep && size <= maxHistoryBytes/2 {
			break
		}
		drop[q.ID] = true
		for _, r := range h {
			if r.Request == q.ID {
				size -= recordSize(r)
			}
		}
	}
	n := 0
	for _, r := range h {
		obsoleteUp := r.Kind == KindUp && lastUp[r.Target].ID != r.ID
		if !obsoleteUp && (r.Kind == KindUp || !drop[r.Request]) {
			continue
		}
		delete(g.records, r.ID)
		g.bytes -= recordSize(r)
		n++
	}
	for id := range drop {
		g.dropped[id] = true
	}
	g.fresh = slices.DeleteFunc(g.fresh, func(r Record) bool { _, ok := g.records[r.ID]; return !ok })
	return n
}
