package pengine

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// knownOn lists the resources with an operation history on n.
func (s *scheduler) knownOn(n *node) map[*rsc]bool {
	known := map[*rsc]bool{}
	if n.state == nil {
		return known
	}
	for i := range n.state.History {
		h := &n.state.History[i]
		if len(h.Ops) == 0 {
			continue
		}
		if r := s.rscByID[h.ID]; r != nil {
			known[r] = true
		} else if i := strings.LastIndexByte(h.ID, ':'); i > 0 && s.rscByID[h.ID[:i]] != nil {
			known[s.rscByID[h.ID[:i]]] = true
		}
	}
	return known
}

// wouldProbe tells whether the scheduler would probe primitive r on n:
// n is up and clean and has not opted out (probe_complete=false), r's
// state there is unknown, remote nodes run no fencing devices or
// connections, and resource-discovery does not exclude n.
func (s *scheduler) wouldProbe(r *rsc, n *node, known map[*rsc]bool) bool {
	if !s.cfg.startupProbes || r.kind != cib.KindPrimitive || r.orphan || known[r] || !n.online || n.unclean {
		return false
	}
	if v, ok := n.attrs["probe_complete"]; ok && !cib.IsTrue(v) {
		return false
	}
	if r.parent != nil && r.parent.kind == cib.KindBundle && !r.implicit {
		// A bundle's primitive is probed inside its own guests only.
		if n.kind != kindGuest || !strings.HasPrefix(n.name, r.parent.id+"-") {
			return false
		}
	}
	if n.kind == kindRemote || n.kind == kindGuest {
		if r.fenceDevice || r.isRemoteConn() || r.container != nil {
			return false
		}
	}
	return s.discoveryAllows(r, n) && !s.guestWillStop(n)
}

// guestWillStop is the guest check of pcmk__probe_rsc_on_node: nothing
// is probed on a guest node whose launcher is stopped or will stop
// (guest_resource_will_stop: the guest is being reset or is unclean, the
// launcher failed, cannot be placed, or moves away from where it runs).
func (s *scheduler) guestWillStop(n *node) bool {
	if n.kind != kindGuest || n.remoteRsc == nil || n.remoteRsc.container == nil {
		return false
	}
	c := n.remoteRsc.container
	if len(c.running) == 0 {
		return true
	}
	return n.remoteReset || n.unclean || c.failed || !s.placeable(c) || !s.staysPut(c)
}

// discoveryAllows applies resource-discovery=never and exclusive.
func (s *scheduler) discoveryAllows(r *rsc, n *node) bool {
	for _, i := range s.candidates(r) {
		l := s.m.Locations[i]
		if !strings.EqualFold(l.Discovery, "never") || !s.locationApplies(l, r) {
			continue
		}
		if l.Node == n.name {
			return false
		}
		for _, rule := range l.Rules {
			if s.ruleMatches(rule, n) {
				return false
			}
		}
	}
	return s.discoverable(r, n)
}
