package pengine

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// Ticket loss policies (rsc_ticket loss-policy).
const (
	lossStop = iota
	lossDemote
	lossFence
	lossFreeze
)

// applyTickets is constraints_for_ticket for every rsc_ticket whose ticket
// is not granted or in standby: the resource's primitives are banned
// everywhere (but a promoted-role dependency only with loss-policy=stop),
// and those running get the loss-policy: stopped, demoted, their nodes
// fenced, or frozen where they are (unmanaged and blocked).
func (s *scheduler) applyTickets() {
	for _, t := range s.m.RscTickets {
		st := s.m.Tickets[t.Ticket] // a ticket not in the status is not granted
		if st.Granted && !st.Standby {
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
		s.ticketLost(r, role, s.lossPolicy(t.LossPolicy, role), st.Granted)
	}
}

// lossPolicy reads a loss-policy: fence needs fencing enabled (else it is
// stop), anything unknown is demote for a promoted-role dependency and
// stop otherwise.
func (s *scheduler) lossPolicy(v string, role int) int {
	switch strings.ToLower(v) {
	case "fence":
		if s.cfg.fencingEnabled {
			return lossFence
		}
		return lossStop
	case "freeze":
		return lossFreeze
	case "demote":
		return lossDemote
	case "stop":
		return lossStop
	}
	if role == rolePromoted {
		return lossDemote
	}
	return lossStop
}

// findConfigured is pcmk__find_constraint_resource: the configured
// resource a constraint names. Inside a clone there are only instances
// ("ID:N"): a primitive's plain id finds the whole clone when some node
// records a history under that id (an instance's clone name), and
// nothing otherwise.
func (s *scheduler) findConfigured(id string) *rsc {
	for _, r := range s.all {
		if r.id != id || r.orphan {
			continue
		}
		if !r.inClone() {
			return r
		}
		if r.kind == cib.KindPrimitive && s.historyIDs()[id] {
			return r.top()
		}
		return nil
	}
	return nil
}

// historyIDs are the resource ids the status section has a history of.
func (s *scheduler) historyIDs() map[string]bool {
	if s.histIDs == nil {
		s.histIDs = map[string]bool{}
		for _, ns := range s.m.NodeStates {
			for _, h := range ns.History {
				s.histIDs[h.ID] = true
			}
		}
	}
	return s.histIDs
}

// ticketLost applies a ticket that is not granted (or, when granted, is
// in standby) to the primitives of r.
func (s *scheduler) ticketLost(r *rsc, role, policy int, granted bool) {
	if len(r.children) > 0 {
		for _, c := range r.children {
			s.ticketLost(c, role, policy, granted)
		}
		return
	}
	if granted || len(r.running) == 0 {
		if role != rolePromoted || policy == lossStop {
			r.banAll = true
		}
		return
	}
	matches := role == roleUnknown || role == r.currentRole()
	switch policy {
	case lossStop:
		r.banAll = true
	case lossDemote:
		if role != rolePromoted {
			r.banAll = true
		}
	case lossFence:
		// A clone's instances are one resource here: each running
		// instance is checked against the role.
		for _, pl := range r.running {
			if role == roleUnknown || role == pl.role {
				r.banAll = true
				s.fenceNode(pl.node, "deadman ticket was lost", false)
			}
		}
	case lossFreeze:
		if matches && !s.partialFreeze(r, role) {
			r.managed, r.blocked = false, true
		}
	}
}

// partialFreeze freezes only the instances of a clone's child that run in
// the ticket's role, when some run in another: Pacemaker applies the
// ticket to each instance. It tells whether it did.
func (s *scheduler) partialFreeze(r *rsc, role int) bool {
	if role == roleUnknown || r.parent == nil || r.parent.kind != cib.KindClone {
		return false
	}
	frozen := map[*node]bool{}
	for _, pl := range r.running {
		if pl.role == role {
			frozen[pl.node] = true
		}
	}
	if len(frozen) == len(r.running) {
		return false
	}
	r.blockedOn = frozen
	return true
}

// currentRole is the resource's role: the most active role it was found
// in.
func (r *rsc) currentRole() int {
	role := roleStopped
	for _, pl := range r.running {
		role = max(role, pl.role)
	}
	return role
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
