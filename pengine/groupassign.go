package pengine

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// Assignment of top-level groups (pcmk__group_assign): the members are
// assigned in order, each as pcmk__primitive_assign assigns a primitive.
// A member's node scores start from its location scores and stickiness;
// the colocations it depends on ("this with": the previous member's at
// INFINITY, the group's own for the first member) have their primary
// assigned first and then add their score on the primary's node (or, at
// INFINITY, take every other node away); the colocations that depend on
// it ("with this": the next member's, the group's dependents for the last
// member) add the dependents' scores, attenuated by score/INFINITY, and
// those of the resources that depend on them in turn
// (pcmk__add_colocated_node_scores), so that a group with a finite
// negative colocation can move away from a dependent staying put. The
// engine assigns a group this way when every colocation naming it or its
// members ties it to another such group, a member of one, or a top-level
// primitive, without roles; other groups take the nodes where their
// members run and can stay.

// groupColoc is one colocation as the group assignment sees it.
type groupColoc struct {
	id        string
	dep, prim *rsc
	score     int
}

// groupState is the group assignment's state: the colocation lists of
// each resource (rsc_cons and rsc_cons_lhs, a group's moved to its
// members when it is assigned), the members' node scores, and where they
// went.
type groupState struct {
	eligible map[*rsc]bool
	thisWith map[*rsc][]*groupColoc
	withThis map[*rsc][]*groupColoc
	scores   map[*rsc]map[*node]int
	to       map[*rsc]*node
	expanded map[*rsc]bool
	merging  map[*rsc]bool
}

// groupAssigned is the node a member of a group the engine assigns is
// assigned (nil when it cannot run), and whether the engine assigns its
// group.
func (s *scheduler) groupAssigned(r *rsc) (*node, bool) {
	g := r.parent
	if g == nil || g.kind != cib.KindGroup {
		return nil, false
	}
	if s.assign == nil {
		s.assignAll()
	}
	gs := s.groups()
	if !gs.eligible[g] {
		return nil, false
	}
	s.assignGroup(g)
	return gs.to[r], true
}

// groups builds the group assignment's state once.
func (s *scheduler) groups() *groupState {
	a := s.assign
	if a.groups != nil {
		return a.groups
	}
	gs := &groupState{eligible: map[*rsc]bool{}, thisWith: map[*rsc][]*groupColoc{}, withThis: map[*rsc][]*groupColoc{},
		scores: map[*rsc]map[*node]int{}, to: map[*rsc]*node{}, expanded: map[*rsc]bool{}, merging: map[*rsc]bool{}}
	a.groups = gs
	for _, g := range s.top {
		if g.kind != cib.KindGroup || len(g.children) == 0 || strings.EqualFold(g.meta["collocated"], "false") {
			continue
		}
		ok := true
		for _, m := range g.children {
			ok = ok && m.kind == cib.KindPrimitive && m.container == nil && !m.isRemoteConn()
		}
		gs.eligible[g] = ok
	}
	byID := map[string]*rsc{}
	for _, x := range s.all {
		if _, ok := byID[x.id]; !ok {
			byID[x.id] = x
		}
	}
	var all []*groupColoc
	supported := func(x *rsc) bool {
		if x == nil {
			return false
		}
		if s.assignable(x) {
			return true
		}
		if x.kind == cib.KindGroup && x.parent == nil {
			return gs.eligible[x]
		}
		return x.parent != nil && gs.eligible[x.parent]
	}
	groupOf := func(x *rsc) *rsc {
		if x == nil {
			return nil
		}
		if x.kind == cib.KindGroup {
			return x
		}
		if x.parent != nil && x.parent.kind == cib.KindGroup {
			return x.parent
		}
		return nil
	}
	// A colocation the engine cannot follow leaves its groups to the
	// simpler rule, and so, in turn, the groups tied to those.
	for changed := true; changed; {
		changed = false
		for _, c := range s.m.Colocations {
			dep, prim := byID[c.Rsc], byID[c.WithRsc]
			ok := dep != nil && prim != nil && dep != prim && anyRole(c.RscRole) && anyRole(c.WithRscRole) &&
				supported(dep) && supported(prim)
			if ok {
				continue
			}
			for _, x := range []*rsc{dep, prim} {
				if g := groupOf(x); g != nil && gs.eligible[g] {
					gs.eligible[g] = false
					changed = true
				}
			}
		}
	}
	for _, c := range s.m.Colocations {
		dep, prim := byID[c.Rsc], byID[c.WithRsc]
		sc := cib.ParseScore(c.Score)
		if dep == nil || prim == nil || dep == prim || sc == 0 || groupOf(dep) == nil && groupOf(prim) == nil {
			continue
		}
		if !supported(dep) || !supported(prim) {
			continue
		}
		all = append(all, &groupColoc{id: c.ID, dep: dep, prim: prim, score: sc})
	}
	for _, g := range s.top {
		if !gs.eligible[g] {
			continue
		}
		for i := 1; i < len(g.children); i++ {
			all = append(all, &groupColoc{id: "group:internal_colocation", dep: g.children[i], prim: g.children[i-1], score: cib.ScoreInfinity})
		}
	}
	for _, c := range all {
		gs.thisWith[c.dep] = insertColoc(gs.thisWith[c.dep], c, func(x *groupColoc) *rsc { return x.prim })
		gs.withThis[c.prim] = insertColoc(gs.withThis[c.prim], c, func(x *groupColoc) *rsc { return x.dep })
	}
	return gs
}

// insertColoc is g_list_insert_sorted with cmp_primary_priority (or
// cmp_dependent_priority): by the other resource's priority, highest
// first, then by variant (groups before primitives), then by id; a new
// entry goes before those it ties with.
func insertColoc(list []*groupColoc, c *groupColoc, other func(*groupColoc) *rsc) []*groupColoc {
	variant := func(x *rsc) int {
		if x.kind == cib.KindGroup {
			return 1
		}
		return 0
	}
	cmp := func(a, b *groupColoc) int {
		x, y := other(a), other(b)
		switch {
		case x.priority != y.priority:
			if x.priority > y.priority {
				return -1
			}
			return 1
		case variant(x) != variant(y):
			if variant(x) > variant(y) {
				return -1
			}
			return 1
		}
		return strings.Compare(x.id, y.id)
	}
	i := 0
	for i < len(list) && cmp(c, list[i]) > 0 {
		i++
	}
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = c
	return list
}

// assignGroup is pcmk__group_assign for a group the engine assigns.
func (s *scheduler) assignGroup(g *rsc) {
	a := s.assign
	if a.done[g] || a.busy[g] {
		return
	}
	a.busy[g] = true
	s.expandGroup(g)
	for _, m := range g.children {
		s.assignMember(m)
	}
	delete(a.busy, g)
	a.done[g] = true
}

// expandGroup is expand_group_colocations: the group's own colocations
// become its first member's ("group with R") and its last member's ("R
// with group"); a mandatory one also goes to every member after an
// unmanaged one.
func (s *scheduler) expandGroup(g *rsc) {
	gs := s.groups()
	if gs.expanded[g] {
		return
	}
	gs.expanded[g] = true
	first, last := g.children[0], g.children[len(g.children)-1]
	prim := func(x *groupColoc) *rsc { return x.prim }
	dep := func(x *groupColoc) *rsc { return x.dep }
	for _, c := range gs.thisWith[g] {
		gs.thisWith[first] = insertColoc(gs.thisWith[first], c, prim)
	}
	unmanaged := !first.managed
	for _, m := range g.children[1:] {
		if unmanaged {
			for _, c := range gs.thisWith[g] {
				if c.score >= cib.ScoreInfinity {
					gs.thisWith[m] = insertColoc(gs.thisWith[m], c, prim)
				}
			}
		} else if !m.managed {
			unmanaged = true
		}
	}
	delete(gs.thisWith, g)
	for _, c := range gs.withThis[g] {
		gs.withThis[last] = insertColoc(gs.withThis[last], c, dep)
	}
	delete(gs.withThis, g)
}

// memberScores is a member's (or a top-level primitive's) allowed node
// scores: its location scores and stickiness, -INFINITY where it cannot
// run; a member's are changed by its own assignment.
func (s *scheduler) memberScores(r *rsc) map[*node]int {
	gs := s.groups()
	if sc, ok := gs.scores[r]; ok {
		return sc
	}
	sc := map[*node]int{}
	for _, n := range s.nodes {
		if s.canHost(r, n) {
			sc[n] = s.weight(r, n)
		} else {
			sc[n] = -cib.ScoreInfinity
		}
	}
	gs.scores[r] = sc
	return sc
}

// assignMember is pcmk__primitive_assign for a group's member.
func (s *scheduler) assignMember(m *rsc) {
	gs := s.groups()
	if _, ok := gs.to[m]; ok {
		return
	}
	w := s.memberScores(m)
	for _, c := range gs.thisWith[m] {
		var archive map[*node]int
		if c.score < 0 && c.score > -cib.ScoreInfinity {
			archive = copyScores(w)
		}
		at, known := s.primaryNode(c)
		if known {
			applyColocScore(w, c.score, at)
		}
		if archive != nil && !s.anyAvailable(w) {
			w = archive
		}
	}
	for _, c := range gs.withThis[m] {
		if s.hasInfluence(c) {
			w = s.addColocatedScores(c.dep, w, float32(c.score)/cib.ScoreInfinity)
		}
	}
	gs.scores[m] = w
	var chosen *node
	switch {
	case !m.managed:
		chosen = s.currentNode(m)
	case !s.placeable(m):
	default:
		chosen = s.bestAssignedNodeBy(s.assign.st, m, func(n *node) int { return w[n] })
	}
	gs.to[m] = chosen
	if chosen != nil {
		s.assign.st.consume(m, chosen)
	}
}

// primaryNode assigns a colocation's primary first and tells where it
// went; known is false while the primary's assignment is under way (a
// colocation loop), when the colocation does nothing. A group primary is
// its first member (its last, for a mandatory colocation).
func (s *scheduler) primaryNode(c *groupColoc) (*node, bool) {
	gs := s.groups()
	p := c.prim
	switch {
	case p.kind == cib.KindGroup:
		s.assignGroup(p)
		if !s.assign.done[p] {
			return nil, false
		}
		m := p.children[0]
		if c.score >= cib.ScoreInfinity {
			m = p.children[len(p.children)-1]
		}
		at, ok := gs.to[m]
		return at, ok
	case p.parent != nil && p.parent.kind == cib.KindGroup:
		s.assignGroup(p.parent)
		at, ok := gs.to[p]
		return at, ok
	}
	if s.assigning(p) {
		return nil, false
	}
	at, _ := s.assigned(p)
	return at, true
}

// applyColocScore is pcmk__apply_coloc_to_weights: a finite score is
// added on the primary's node, INFINITY takes every other node away,
// -INFINITY takes the primary's node; with the primary stopped, a
// positive score is taken from every node and a negative one does
// nothing. A finite score that leaves no node is rolled back.
func applyColocScore(w map[*node]int, score int, at *node) {
	if at == nil && score < 0 {
		return
	}
	for n, v := range w {
		switch {
		case at == nil:
			w[n] = cib.AddScores(-score, v)
		case n == at:
			if score < cib.ScoreInfinity {
				w[n] = cib.AddScores(score, v)
			}
		case score >= cib.ScoreInfinity:
			w[n] = cib.AddScores(-score, v)
		}
	}
}

// hasInfluence is pcmk__colocation_has_influence: the dependent is
// critical (the default), or the primary is not active yet.
func (s *scheduler) hasInfluence(c *groupColoc) bool {
	if v, ok := c.dep.meta["critical"]; !ok || cib.IsTrue(v) {
		return true
	}
	return !activeAnywhere(c.prim)
}

func activeAnywhere(r *rsc) bool {
	if len(r.running) > 0 {
		return true
	}
	for _, c := range r.children {
		if activeAnywhere(c) {
			return true
		}
	}
	return false
}

// anyAvailable is pcmk__any_node_available: some node that can run
// resources has a score of 0 or more.
func (s *scheduler) anyAvailable(w map[*node]int) bool {
	for n, v := range w {
		if v >= 0 && canRunResources(n) {
			return true
		}
	}
	return false
}

func copyScores(w map[*node]int) map[*node]int {
	out := make(map[*node]int, len(w))
	for n, v := range w {
		out[n] = v
	}
	return out
}

// addColocatedScores is pcmk__add_colocated_node_scores: x's scores
// (a group's through its first member), multiplied by factor, are added to
// a copy of w, then, while some node is left, those of the resources
// colocated with x (with a group, with its last member), each by its
// colocation's score over INFINITY, negated when factor is negative;
// when no node is left the addition is rolled back.
func (s *scheduler) addColocatedScores(x *rsc, w map[*node]int, factor float32) map[*node]int {
	gs := s.groups()
	if gs.merging[x] {
		return w
	}
	gs.merging[x] = true
	defer delete(gs.merging, x)
	var work map[*node]int
	list := gs.withThis[x]
	if x.kind == cib.KindGroup {
		if len(x.children) == 0 {
			return w
		}
		work = s.addColocatedScores(x.children[0], copyScores(w), factor)
		list = gs.withThis[x.children[len(x.children)-1]]
	} else {
		work = copyScores(w)
		s.addScoresMatching(work, x, factor)
	}
	if !s.anyAvailable(work) {
		return w
	}
	multiplier := float32(1)
	if factor < 0 {
		multiplier = -1
	}
	for _, c := range list {
		if !s.hasInfluence(c) {
			continue
		}
		work = s.addColocatedScores(c.dep, work, multiplier*float32(c.score)/cib.ScoreInfinity)
	}
	return work
}

// addScoresMatching is add_node_scores_matching_attr for the node name:
// x's score on each node (-INFINITY where the node cannot run resources)
// times factor (in single precision, as Pacemaker's float), rounded, at
// least ±1 when neither is 0; a negative factor does not turn a negative
// score into a preference.
func (s *scheduler) addScoresMatching(work map[*node]int, x *rsc, factor float32) {
	sc := s.memberScores(x)
	for n, v := range work {
		score := -cib.ScoreInfinity
		if canRunResources(n) {
			score = sc[n]
		}
		if factor < 0 && score < 0 {
			continue
		}
		f := factor * float32(score)
		var weight int
		if f < 0 {
			weight = int(f - 0.5)
		} else {
			weight = int(f + 0.5)
		}
		if weight == 0 && score != 0 {
			if factor > 0 {
				weight = 1
			} else if factor < 0 {
				weight = -1
			}
		}
		work[n] = cib.AddScores(weight, v)
	}
}
