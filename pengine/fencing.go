package pengine

import "github.com/executioner-ha/executioner/cib"

// scheduleFencing is schedule_fencing_and_shutdowns: a fencing action for
// every unclean node the cluster can fence, non-DC nodes chained in node
// order when fencing is not concurrent, and the DC last.
func (s *scheduler) scheduleFencing() {
	haveManaged := s.anyManaged() || s.cfg.alwaysFenceFail
	if !haveManaged {
		s.note("no managed resource: nothing is fenced")
	}
	var nonDC []*Action
	var dcDown *Action
	for _, n := range s.nodes {
		if n.kind == kindGuest {
			if n.remoteReset && haveManaged && s.canFence(n) {
				s.fenceGuestPseudo(n)
			}
			continue
		}
		if !(haveManaged && n.unclean && s.canFence(n)) {
			if n.unclean && !n.online {
				s.note("node " + n.name + " is unclean but cannot be fenced: " + s.whyNotFenced(n, haveManaged))
			}
			continue
		}
		a := s.fenceAction(n, s.cfg.fencingAction)
		if n.dc {
			dcDown = a
			continue
		}
		if !s.cfg.concurrent && len(nonDC) > 0 {
			s.order(nonDC[len(nonDC)-1], a)
		}
		nonDC = append(nonDC, a)
	}
	if dcDown != nil && len(nonDC) > 0 {
		if s.cfg.concurrent {
			for _, a := range nonDC {
				s.order(a, dcDown)
			}
		} else {
			s.order(nonDC[len(nonDC)-1], dcDown)
		}
	}
	s.scheduleUnfencing()
}

func (s *scheduler) note(msg string) { s.notes = append(s.notes, msg) }

// whyNotFenced explains why an unclean node is not fenced, and what to do:
// the first of canFence's reasons that holds.
func (s *scheduler) whyNotFenced(n *node, haveManaged bool) string {
	confirm := "or make sure it is off and run executioner confirm " + n.name
	switch {
	case !haveManaged:
		return "no resource is managed, so nothing needs it fenced; manage a resource (is-managed, maintenance-mode), " + confirm
	case !s.cfg.fencingEnabled:
		return "fencing is disabled (stonith-enabled=false); set stonith-enabled=true, " + confirm
	case !s.haveDevice:
		return "no fencing device is configured; add a class=\"stonith\" primitive that can fence it, " + confirm
	}
	return "this partition has no quorum and no-quorum-policy is not ignore, so it does not fence nodes it cannot see; restore quorum, " + confirm
}

// fenceAction returns the action for n, creating it when needed.
func (s *scheduler) fenceAction(n *node, action cib.FenceAction) *Action {
	for _, a := range s.actions {
		if a.Target == n.name && a.Action == action {
			return a
		}
	}
	reason := n.fenceReason
	if reason == "" {
		reason = "node is unclean"
	}
	a := &Action{Target: n.name, TargetID: n.id, Action: action, Reason: reason, DC: n.dc,
		Pseudo: n.kind == kindGuest}
	if s.cfg.priorityDelay > 0 && n.lost && action != cib.FenceOn {
		a.HasDelay = true
		a.Delay = s.priorityDelay(n)
	}
	s.actions = append(s.actions, a)
	return a
}

func (s *scheduler) order(first, then *Action) {
	s.edges = append(s.edges, Edge{First: first.Key(), Then: then.Key()})
}

// priorityDelay is node_priority_fencing_delay.
func (s *scheduler) priorityDelay(n *node) int {
	if n.kind != kindMember || n.online {
		return 0
	}
	members, online := 0, 0
	top, low := 0, 0
	for _, o := range s.nodes {
		if o.kind != kindMember {
			continue
		}
		members++
		if o.online {
			online++
		}
		if members == 1 || o.priority > top {
			top = o.priority
		}
		if members == 1 || o.priority < low {
			low = o.priority
		}
	}
	if online > members/2 || low == top || n.priority < top {
		return 0
	}
	return s.cfg.priorityDelay
}
