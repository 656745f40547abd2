package daemon

import (
	"slices"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
)

// mirror copies into h the records of r that another node made and h does
// not hold yet (and the request this node handed to another); names maps
// node ids to names.
func mirror(h *fencer.History, r group.Record, local uint32, names map[uint32]string) error {
	handedAway := r.Kind == group.KindRequest && r.Runner != nil && r.Runner.Node != local
	if r.Origin == local && !handedAway {
		return nil // this node's fencer wrote it
	}
	have, ok := h.Get(r.Request)
	switch r.Kind {
	case group.KindRequest:
		if ok {
			return nil
		}
		return h.Begin(fencer.Request{ID: r.Request, Target: r.Target, Action: cib.FenceAction(r.Action),
			Origin: names[r.Origin], Client: "cluster", Requested: r.Time})
	case group.KindAttempt:
		if !ok || have.State != fencer.StatePending || slices.ContainsFunc(have.Attempts, func(a fencer.Attempt) bool {
			return a.Device == r.Attempt.Device && a.Started.Equal(r.Attempt.Started)
		}) {
			return nil
		}
		return h.Attempt(r.Request, *r.Attempt)
	case group.KindFinal:
		if !ok || have.State != fencer.StatePending {
			return nil
		}
		return h.Finish(r.Request, *r.Final)
	}
	return nil
}
