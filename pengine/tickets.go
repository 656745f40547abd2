package pengine

import "strings"

// applyTickets fences the nodes running a resource whose ticket was lost
// when its rsc_ticket says loss-policy=fence.
func (s *scheduler) applyTickets() {
	for _, t := range s.m.RscTickets {
		if !strings.EqualFold(t.LossPolicy, "fence") || !s.cfg.fencingEnabled {
			continue
		}
		if st, ok := s.m.Tickets[t.Ticket]; ok && st.Granted {
			continue
		}
		r := s.findConfigured(t.Rsc)
		if r == nil {
			continue
		}
		role := roleFromString(t.RscRole)
		if role == roleStarted {
			role = roleUnknown // Started means any active role
		}
		s.ticketLost(r, role)
	}
}

func (s *scheduler) findConfigured(id string) *rsc {
	for _, r := range s.all {
		if r.id == id && !r.orphan {
			return r
		}
	}
	return nil
}

func (s *scheduler) ticketLost(r *rsc, role int) {
	for _, c := range r.children {
		s.ticketLost(c, role)
	}
	for _, pl := range r.running {
		if role != roleUnknown && role != pl.role {
			continue
		}
		s.fenceNode(pl.node, "deadman ticket was lost", false)
	}
}

func roleFromString(v string) int {
	switch strings.ToLower(v) {
	case "started":
		return roleStarted
	case "promoted", "master":
		return rolePromoted
	case "unpromoted", "slave":
		return roleUnpromoted
	case "stopped":
		return roleStopped
	}
	return roleUnknown
}
