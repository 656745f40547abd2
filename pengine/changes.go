package pengine

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// configChanges is pcmk__handle_rsc_config_changes: on every node that
// can run actions (or is in maintenance), each primitive's history is
// compared with its configuration. An agent (class, provider or type)
// that changed restarts a resource active there; an operation since the
// last start that ran with other parameters than configured now restarts
// it (a recurring one is only rescheduled, a reloadable one reloaded).
// For a fencing device any such change also unfences the node. Only
// private parameters changed (the secure digest still matches) is no
// change: the CIB is read as a sanitized copy, as crm_simulate reads it.
func (s *scheduler) configChanges() {
	s.unfenceFor = map[*node]string{}
	for _, n := range s.nodes {
		if !(n.maintenance || (n.online && !n.shutdown && !n.unclean && !n.standby)) {
			continue
		}
		st := s.historyOf(n)
		if st == nil {
			continue
		}
		for i := range st.History {
			h := &st.History[i]
			r := s.historyPrimitive(h)
			if r == nil || len(h.Ops) == 0 {
				continue
			}
			active := r.runsOn(n)
			if h.Class != r.class || h.Type != r.typ || h.Provider != r.provider {
				s.triggerUnfencing(r, n, "device definition changed")
				if active {
					r.startPending = true
				}
			}
			if active && !r.implicit {
				// A bundle's generated resources take parameters from the
				// bundle that the engine does not rebuild, so their digests
				// are not compared.
				s.paramChanges(r, n, h)
			}
		}
	}
}

// historyOf is the first status entry recorded under n's name. The
// entries are indexed by name at the first call: O(1) after.
func (s *scheduler) historyOf(n *node) *cib.NodeState {
	if s.histByName == nil {
		s.histByName = make(map[string]*cib.NodeState, len(s.m.NodeStates))
		for i := range s.m.NodeStates {
			if _, ok := s.histByName[s.m.NodeStates[i].Uname]; !ok {
				s.histByName[s.m.NodeStates[i].Uname] = &s.m.NodeStates[i]
			}
		}
	}
	return s.histByName[n.name]
}

// historyPrimitive maps a history entry to the configured primitive it
// records (pcmk__rscs_matching_id), if any.
func (s *scheduler) historyPrimitive(h *cib.ResourceHistory) *rsc {
	r := s.rscByID[h.ID]
	if r == nil {
		if i := strings.LastIndexByte(h.ID, ':'); i > 0 {
			r = s.rscByID[h.ID[:i]]
		}
	}
	if r == nil || r.orphan || r.kind != cib.KindPrimitive {
		return nil
	}
	return r
}

// paramChanges is process_rsc_history's check of a resource active on
// n: each recurring operation still configured, and each start, probe,
// promote or migrate_from since the last start, is compared with the
// configuration (pcmk__check_action_config).
func (s *scheduler) paramChanges(r *rsc, n *node, h *cib.ResourceHistory) {
	for _, op := range activeOps(sortOps(h.Ops)) {
		task := strings.ToLower(op.Operation)
		if op.IntervalMS > 0 {
			if r.maintenance || n.maintenance || r.findOp(op.Operation, op.IntervalMS) == nil {
				continue // cancelled
			}
		} else if task != "monitor" && task != "start" && task != "promote" && task != "migrate_from" {
			continue
		}
		d := s.compareDigests(r, *op)
		if d.rc == digestMatch || onlySanitizedChanged(*op, d) {
			continue
		}
		s.triggerUnfencing(r, n, "device parameters changed")
		if d.rc == digestRestart || (op.IntervalMS == 0 && !op.HasRestartDigest) {
			r.forcedStart = true // force_restart: a start with no node yet
		}
	}
}

// triggerUnfencing is trigger_unfencing for a fencing device: the node
// itself when it can be unfenced, else every node the device may run on.
func (s *scheduler) triggerUnfencing(dev *rsc, n *node, reason string) {
	if !dev.fenceDevice {
		return
	}
	if s.unfenceable(n) {
		if s.unfenceFor[n] == "" {
			s.unfenceFor[n] = reason
		}
		return
	}
	for _, o := range s.nodes {
		if s.unfenceable(o) && s.allowedNode(dev, o) && s.unfenceFor[o] == "" {
			s.unfenceFor[o] = reason
		}
	}
}
