package pengine

import (
	"sort"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// What starting a resource requires (unpack_requires).
const (
	reqNothing = iota
	reqQuorum
	reqFencing
	reqUnfencing
)

// readUnfencing is pe_flag_enable_unfencing: some meta attribute of a
// resource (at any level, templates included) or of rsc_defaults is
// provides=unfencing or requires=unfencing.
func (s *scheduler) readUnfencing() bool {
	says := func(meta map[string]string) bool {
		return meta["provides"] == "unfencing" || meta["requires"] == "unfencing"
	}
	found := says(s.m.RscDefaults)
	for _, cr := range s.m.Resources {
		cr.Walk(func(r, _ *cib.Resource) {
			found = found || says(r.Meta)
		})
	}
	for _, t := range s.m.Templates {
		found = found || says(t.Meta)
	}
	return found
}

// requires is unpack_requires: what a start of r needs.
func (s *scheduler) requires(r *rsc) int {
	switch strings.ToLower(r.meta["requires"]) {
	case "nothing":
		return reqNothing
	case "quorum":
		return reqQuorum
	case "fencing":
		return reqFencing
	case "unfencing":
		if r.fenceDevice || !s.cfg.fencingEnabled {
			return reqQuorum
		}
		return reqUnfencing
	}
	switch {
	case r.fenceDevice, r.kind == cib.KindPrimitive && r.isRemoteConn() && r.container == nil:
		return reqQuorum
	case s.unfencing:
		return reqUnfencing
	case s.cfg.fencingEnabled:
		return reqFencing
	case s.cfg.noQuorum == nqIgnore:
		return reqNothing
	}
	return reqQuorum
}

// needsUnfencing tells whether a probe or start of r on a node is ordered
// after the node's unfencing (pcmk__order_vs_unfence): fencing devices
// when unfencing is in use, and resources that require unfencing.
func (s *scheduler) needsUnfencing(r *rsc) bool {
	return (r.fenceDevice && s.unfencing) || s.requires(r) == reqUnfencing
}

// scheduleUnfencing adds the mandatory "on" actions: for every node where
// a device's definition or parameters changed, and for every node that is
// not unfenced yet where a device or a resource requiring unfencing is
// about to be probed or started (trigger_unfencing).
func (s *scheduler) scheduleUnfencing() {
	if !s.unfencing || !s.cfg.fencingEnabled {
		return
	}
	reasons := map[*node]string{}
	for n, reason := range s.unfenceFor {
		reasons[n] = reason
	}
	for _, n := range s.nodes {
		if !s.unfenceable(n) || nodeUnfenced(n) || reasons[n] != "" {
			continue
		}
		if s.probeNeedsUnfencing(n) {
			reasons[n] = "required by a probe"
		} else if s.startNeedsUnfencing(n) {
			reasons[n] = "required by a start"
		}
	}
	// Any unfencing of a node, even an optional one, checks the node's
	// record of the devices that unfenced it (pe_fence_op).
	for _, n := range s.nodes {
		if reasons[n] == "" && s.unfencingOpFor(n) && s.unfencedDigestsChanged(n) {
			reasons[n] = "definition of a device that unfenced it changed"
		}
	}
	for _, n := range s.nodes {
		if reasons[n] != "" && s.canFence(n) && !s.unfenceBlocked(n) {
			a := s.fenceAction(n, cib.FenceOn)
			a.Reason = reasons[n]
		}
	}
}

// unfencingOpFor tells whether the scheduler creates an unfencing action
// for n at all (optional or not): the restart of a managed resource that
// requires unfencing is ordered around the unfencing of every node it
// is allowed on (pcmk__order_restart_vs_unfence), and probes and starts of
// resources needing unfencing around that of their node.
func (s *scheduler) unfencingOpFor(n *node) bool {
	for _, r := range s.all {
		if r.kind != cib.KindPrimitive || r.fenceDevice || !r.managed || s.requires(r) != reqUnfencing {
			continue
		}
		if s.allowedNode(r, n) || r.runsOn(n) {
			return true
		}
	}
	return s.probeNeedsUnfencing(n) || s.startNeedsUnfencing(n)
}

// unfencedDigestsChanged is pe__compare_fencing_digest for each device
// providing unfencing: n records (#digests-all) the devices that unfenced
// it, and one of them is no longer there with its current parameters,
// neither in full nor (#digests-secure) without its private parameters.
func (s *scheduler) unfencedDigestsChanged(n *node) bool {
	all, ok := n.attrs["#digests-all"]
	if !ok {
		return false
	}
	secure := n.attrs["#digests-secure"]
	for _, d := range s.all {
		if !d.fenceDevice || d.kind != cib.KindPrimitive || !strings.EqualFold(d.meta["provides"], "unfencing") {
			continue
		}
		params := s.digestParams(d, "stonith-on", 0)
		if strings.Contains(all, d.id+":"+d.typ+":"+paramDigest(params)) {
			continue
		}
		sec := s.secureDigest(d, params, cib.OpRecord{}, s.featureSet())
		if _, has := n.attrs["#digests-secure"]; has && strings.Contains(secure, d.id+":"+d.typ+":"+sec) {
			continue
		}
		return true
	}
	return false
}

// unfenceBlocked: a blocked resource that requires unfencing is active
// on n, so its stop there cannot run, and the unfencing it is ordered
// before (implies-first) cannot run either.
func (s *scheduler) unfenceBlocked(n *node) bool {
	for _, r := range s.all {
		if r.kind != cib.KindPrimitive || s.requires(r) != reqUnfencing {
			continue
		}
		if (r.blocked && !r.managed && r.runsOn(n)) || r.blockedOn[n] {
			return true
		}
	}
	return false
}

// unfenceable: trigger_unfencing unfences only online, clean nodes that
// are not shutting down (guest nodes included: their unfencing is real).
func (s *scheduler) unfenceable(n *node) bool {
	return n.online && !n.unclean && !n.shutdown
}

func nodeUnfenced(n *node) bool {
	v, ok := n.attrs["#node-unfenced"]
	return ok && v != "0"
}

// allowedNode tells whether n is in r's allowed nodes at all (whatever
// its score).
func (s *scheduler) allowedNode(r *rsc, n *node) bool {
	if !s.cfg.symmetric {
		_, positive := s.locationScore(r, n)
		return positive
	}
	return true
}

// probeNeedsUnfencing: some device or resource needing unfencing would
// be probed on n.
func (s *scheduler) probeNeedsUnfencing(n *node) bool {
	known := s.knownOn(n)
	for _, r := range s.all {
		if s.needsUnfencing(r) && s.wouldProbe(r, n, known) {
			return true
		}
	}
	return false
}

// startNeedsUnfencing: some device or resource needing unfencing will be
// (or stay) started on n. The scheduler orders every start, even the
// optional one of a resource staying where it runs, after the node's
// unfencing. The engine counts a top-level primitive on the node it is
// assigned (an unmanaged one always stays on its current node); inside a
// group, clone or bundle, a resource that runs on n and can stay, a
// clone's instance on any node that can host it, and a group's member on
// its group's node.
func (s *scheduler) startNeedsUnfencing(n *node) bool {
	for _, r := range s.all {
		if r.kind != cib.KindPrimitive || r.orphan || !s.needsUnfencing(r) {
			continue
		}
		if !r.managed {
			// An unmanaged resource stays on its current node, where its
			// start is scheduled (optional) unless it is blocked.
			if !r.blocked && len(r.running) > 0 && r.running[0].node == n {
				return true
			}
			continue
		}
		if r.stopped {
			continue
		}
		if roleFromString(r.meta["target-role"]) == roleStopped {
			continue
		}
		if b := r.parent; b != nil && b.kind == cib.KindBundle && !r.implicit {
			// A bundle's primitive runs inside the bundle's guest nodes. An
			// instance promoted on a guest being reset is recovered down
			// to its next role, unpromoted, with no start
			// (schedule_restart_actions brings up only a role that is not
			// above the next one).
			if n.kind == kindGuest && n.remoteRsc != nil && n.remoteRsc.parent == b && !r.banned(n) &&
				!(n.remoteReset && r.promotedOn(n)) {
				return true
			}
			continue
		}
		if to, ok := s.assigned(r); ok {
			if to == n {
				return true
			}
			continue
		}
		if to, ok := s.groupAssigned(r); ok {
			if to == n {
				return true
			}
			continue
		}
		if !s.canHost(r, n) {
			continue
		}
		if r.runsOn(n) && (!r.failed || s.recoversHere(r, n)) {
			return true
		}
		if c := r.parent; c != nil && c.kind == cib.KindClone && s.cloneHosts(c, r)[n] {
			return true
		}
		if r.parent == nil && !s.staysPut(r) && s.bestNode(r) == n {
			return true
		}
		if g := r.parent; g != nil && g.kind == cib.KindGroup && g.parent == nil && !s.staysPut(r) && s.groupNode(g) == n {
			return true
		}
	}
	return false
}

// cloneHosts is where a clone of primitive r may place its instances
// (distribute_children): first on the nodes where one runs and can stay,
// then on the other nodes that can host it, best location score first,
// clone-node-max (default 1) a node, clone-max (default one per node) in
// all (clone-node-max 0 places none). Which of several nodes of equal score get the last instances
// depends on what the assignment of other resources put there before,
// which the engine does not follow: they are all counted.
func (s *scheduler) cloneHosts(c, r *rsc) map[*node]bool {
	if got, ok := s.cloneAt[c]; ok {
		return got
	}
	perNode, total := cloneNodeMax(c), s.cloneMax(c)
	hosts := map[*node]bool{}
	if s.cloneAt == nil {
		s.cloneAt = map[*rsc]map[*node]bool{}
	}
	s.cloneAt[c] = hosts
	if perNode == 0 {
		return hosts
	}
	for _, pl := range r.running {
		if total > 0 && !hosts[pl.node] && s.canHost(r, pl.node) {
			hosts[pl.node] = true
			total--
		}
	}
	type scored struct {
		n     *node
		score int
	}
	var rest []scored
	for _, n := range s.nodes {
		if !hosts[n] && s.canHost(r, n) {
			if sc, _ := s.locationScore(r, n); sc >= 0 {
				rest = append(rest, scored{n, sc})
			}
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].score > rest[j].score })
	if need := (total + perNode - 1) / perNode; need < len(rest) {
		cut := -1
		if need > 0 {
			cut = rest[need-1].score
		}
		for len(rest) > 0 && (need == 0 || rest[len(rest)-1].score < cut) {
			rest = rest[:len(rest)-1]
		}
	}
	for _, sc := range rest {
		hosts[sc.n] = true
	}
	return hosts
}

// recoversHere: a failed resource active on a guest node only because
// the guest is being reset is recovered in place once the guest is back
// (its launcher restarts).
func (s *scheduler) recoversHere(r *rsc, n *node) bool {
	return n.kind == kindGuest && n.remoteReset && len(r.running) == 1
}

// staysPut tells whether r runs on a node that can still host it, where
// it stays (or, failed, is recovered).
func (s *scheduler) staysPut(r *rsc) bool {
	for _, pl := range r.running {
		if s.canHost(r, pl.node) {
			return true
		}
	}
	return false
}

// groupNode is where a top-level group's members start: the node its
// first member staying put runs on, else the first member's best node.
func (s *scheduler) groupNode(g *rsc) *node {
	if len(g.children) == 0 {
		return nil
	}
	for _, m := range g.children {
		for _, pl := range m.running {
			if s.canHost(m, pl.node) {
				return pl.node
			}
		}
	}
	return s.bestNode(g.children[0])
}

func (r *rsc) runsOn(n *node) bool {
	for _, pl := range r.running {
		if pl.node == n {
			return true
		}
	}
	return false
}

// activeOps keeps the operations since the last start (calculate_active_ops),
// or none when the last stop is newer.
func activeOps(ops []*cib.OpRecord) []*cib.OpRecord {
	start, stop, implied, impliedClone := -1, -1, -1, -1
	for i, op := range ops {
		switch {
		case strings.EqualFold(op.Operation, "stop") && op.OpStatus == 0 && op.HasOpStatus:
			stop = i
		case strings.EqualFold(op.Operation, "start") || strings.EqualFold(op.Operation, "migrate_from"):
			start = i
		case implied <= stop && strings.EqualFold(op.Operation, "monitor"):
			if op.HasRC && (op.RC == 0 || op.RC == 8) {
				implied = i
			}
		case strings.EqualFold(op.Operation, "promote") || strings.EqualFold(op.Operation, "demote"):
			impliedClone = i
		}
	}
	if start == -1 {
		if impliedClone != -1 {
			start = impliedClone
		} else {
			start = implied
		}
	}
	if start < stop {
		return nil
	}
	return ops[max(start, 0):]
}

// promotedOn: r is active on n in the promoted role.
func (r *rsc) promotedOn(n *node) bool {
	for _, pl := range r.running {
		if pl.node == n && pl.role == rolePromoted {
			return true
		}
	}
	return false
}
