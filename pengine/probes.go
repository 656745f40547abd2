package pengine

import (
	"math"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// knownOn lists the resources with an operation history on n.
func (s *scheduler) knownOn(n *node) map[*rsc]bool {
	known := map[*rsc]bool{}
	if n.state == nil {
		return known
	}
	var instances map[*rsc]map[string]bool // of globally unique clones
	for i := range n.state.History {
		h := &n.state.History[i]
		if len(h.Ops) == 0 {
			continue
		}
		if r := s.rscByID[h.ID]; r != nil {
			known[r] = true
		} else if i := strings.LastIndexByte(h.ID, ':'); i > 0 && s.rscByID[h.ID[:i]] != nil {
			r := s.rscByID[h.ID[:i]]
			if c := r.parent; c != nil && c.kind == cib.KindClone && cib.IsTrue(c.meta["globally-unique"]) {
				if instances == nil {
					instances = map[*rsc]map[string]bool{}
				}
				if instances[r] == nil {
					instances[r] = map[string]bool{}
				}
				instances[r][h.ID[i+1:]] = true
				continue
			}
			known[r] = true
		}
	}
	// Each instance of a globally unique clone is probed by itself: the
	// clone is known on n only when all of them are.
	for r, seen := range instances {
		if len(seen) >= max(1, s.cloneMax(r.parent)) {
			known[r] = true
		}
	}
	return known
}

// cloneMax is a clone's clone-max as clone_unpack reads it: by default
// one instance per node (at least one), 0 when not a number.
func (s *scheduler) cloneMax(c *rsc) int {
	v, ok := c.meta["clone-max"]
	if !ok {
		return max(1, len(s.nodes))
	}
	return scanMinZero(v)
}

// cloneNodeMax is clone-node-max: 1 by default, 0 when not a number.
func cloneNodeMax(c *rsc) int {
	v, ok := c.meta["clone-node-max"]
	if !ok {
		return 1
	}
	return scanMinZero(v)
}

// scanMinZero is pcmk__scan_min_int with a minimum of 0.
func scanMinZero(v string) int {
	n, ok := scanLL(v)
	if !ok || n < 0 {
		return 0
	}
	return int(min(n, math.MaxInt32))
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
