package pengine

import (
	"sort"

	"github.com/executioner-ha/executioner/cib"
)

// Assignment of top-level primitives (pcmk__assign_resources): the
// resources are assigned one by one, remote connections first, in
// configuration order (by priority and then by score when the
// placement strategy is not default); each goes to its best allowed node
// by score, then (balanced) the most free capacity, then the fewest
// resources assigned so far, then the node it is active on, then the
// name. A node's count and free capacity are what the resources
// assigned before took. The engine assigns top-level primitives this
// way; a group, clone or bundle takes, in its turn, the nodes where its
// primitives run and can stay.

// assignment is the result: the node each top-level primitive is
// assigned (nil when it cannot run anywhere), with the nodes' count and
// free capacity as the assignment goes.
type assignment struct {
	to   map[*rsc]*node
	done map[*rsc]bool
	busy map[*rsc]bool
	st   *assignState
	// links indexes the mandatory colocations (mandatoryLinks).
	links map[*rsc][]colocLink
	// groups is the assignment of groups (groupassign.go).
	groups *groupState
}

// assigned is the node r (a top-level primitive) is assigned, and
// whether the engine assigns r at all. A primitive asked for before its
// turn (the primary of a colocation) is assigned first, as
// pcmk__primitive_assign assigns a colocation's primary first.
func (s *scheduler) assigned(r *rsc) (*node, bool) {
	if !s.assignable(r) {
		return nil, false
	}
	if s.assign == nil {
		s.assignAll()
	}
	s.assignPrimitive(r)
	return s.assign.to[r], true
}

// assigning tells whether r's assignment is under way (a colocation
// loop), when its node is not known yet.
func (s *scheduler) assigning(r *rsc) bool {
	return s.assign != nil && s.assign.busy[r]
}

// assignable: r is a top-level primitive of its own (not a guest's
// connection, assigned with its launcher).
func (s *scheduler) assignable(r *rsc) bool {
	return r.parent == nil && r.kind == cib.KindPrimitive && r.container == nil && !r.implicit
}

// assignState is the nodes' count of assigned resources and their free
// capacity while assigning.
type assignState struct {
	count map[*node]int
	free  map[*node]map[string]int
}

func (s *scheduler) assignAll() {
	st := &assignState{count: map[*node]int{}, free: map[*node]map[string]int{}}
	for _, n := range s.nodes {
		f := map[string]int{}
		for k, v := range n.utilization {
			f[k] = utilizationValue(v)
		}
		st.free[n] = f
	}
	s.assign = &assignment{to: map[*rsc]*node{}, done: map[*rsc]bool{}, busy: map[*rsc]bool{}, st: st}
	order := append([]*rsc(nil), s.top...)
	if s.cfg.placement != "default" {
		s.sortForAssignment(order)
	}
	for _, conn := range []bool{true, false} {
		for _, r := range order {
			if s.assignable(r) && r.isRemoteConn() == conn {
				s.assignPrimitive(r)
			} else if !conn && r.kind == cib.KindGroup && s.groups().eligible[r] {
				s.assignGroup(r)
			} else if !conn && !s.assignable(r) {
				s.takeRunning(st, r)
				s.assign.done[r] = true
			}
		}
	}
}

// takeRunning counts the primitives of r (a resource the engine does
// not assign) on the nodes where they run and can stay.
func (s *scheduler) takeRunning(st *assignState, r *rsc) {
	if r.kind != cib.KindPrimitive {
		for _, c := range r.children {
			s.takeRunning(st, c)
		}
		return
	}
	if r.orphan {
		return
	}
	for _, pl := range r.running {
		if !r.managed || (!r.stopped && s.canHost(r, pl.node)) {
			st.consume(r, pl.node)
		}
	}
}

func (st *assignState) consume(r *rsc, n *node) {
	st.count[n]++
	for k, v := range r.utilization {
		st.free[n][k] -= utilizationValue(v)
	}
}

// fits is have_enough_capacity for r on n's free capacity.
func (st *assignState) fits(r *rsc, n *node) bool {
	for k, v := range r.utilization {
		if utilizationValue(v) > st.free[n][k] {
			return false
		}
	}
	return true
}

// compareFree is pcmk__compare_node_capacities: negative when a has more
// free capacity than b.
func (st *assignState) compareFree(a, b *node) int {
	result := 0
	for k, va := range st.free[a] {
		vb := st.free[b][k]
		if va > vb {
			result--
		} else if va < vb {
			result++
		}
	}
	for k, vb := range st.free[b] {
		if _, ok := st.free[a][k]; ok {
			continue
		}
		if vb > 0 {
			result++
		} else if vb < 0 {
			result--
		}
	}
	return result
}

// weight is r's score on n: its location constraints and, active on that
// node alone and managed, its resource-stickiness.
func (s *scheduler) weight(r *rsc, n *node) int {
	sc, _ := s.locationScore(r, n)
	if r.managed && len(r.running) == 1 && r.running[0].node == n && s.allowedNode(r, n) {
		if st := cib.ParseScore(r.meta["resource-stickiness"]); st > 0 {
			sc = cib.AddScores(sc, st)
		}
	}
	return sc
}

// assignPrimitive is pcmk__primitive_assign and assign_best_node for a
// top-level primitive.
func (s *scheduler) assignPrimitive(r *rsc) {
	a := s.assign
	if a.done[r] || a.busy[r] {
		return
	}
	a.busy[r] = true
	var chosen *node
	switch {
	case !r.managed:
		chosen = s.currentNode(r) // unmanaged: stays where it is
	case !s.placeable(r):
	default:
		chosen = s.bestAssignedNode(a.st, r)
	}
	delete(a.busy, r)
	a.done[r] = true
	a.to[r] = chosen
	if chosen != nil {
		a.st.consume(r, chosen)
	}
}

// cand is a node r may be assigned, with r's score there.
type cand struct {
	n      *node
	weight int
}

func (s *scheduler) bestAssignedNode(st *assignState, r *rsc) *node {
	return s.bestAssignedNodeBy(st, r, func(n *node) int { return s.weight(r, n) })
}

// bestAssignedNodeBy is assign_best_node with r's scores given.
func (s *scheduler) bestAssignedNodeBy(st *assignState, r *rsc, weight func(*node) int) *node {
	var cands []cand
	for _, n := range s.nodes {
		if s.canHost(r, n) {
			cands = append(cands, cand{n, weight(n)})
		}
	}
	var prefer *node
	if s.cfg.placement != "default" {
		cands, prefer = s.banInsufficientCapacity(st, r, cands)
	}
	if len(cands) == 0 {
		return nil
	}
	current := s.currentNode(r)
	sort.SliceStable(cands, func(i, j int) bool {
		x, y := cands[i], cands[j]
		if x.weight != y.weight {
			return x.weight > y.weight
		}
		if s.cfg.placement == "minimal" {
			return x.n.name < y.n.name
		}
		if s.cfg.placement == "balanced" {
			if c := st.compareFree(x.n, y.n); c != 0 {
				return c < 0
			}
		}
		if st.count[x.n] != st.count[y.n] {
			return st.count[x.n] < st.count[y.n]
		}
		if (x.n == current) != (y.n == current) {
			return x.n == current
		}
		return x.n.name < y.n.name
	})
	best := cands[0]
	if best.weight < 0 {
		return nil
	}
	for _, c := range cands {
		if c.n == prefer && c.weight >= best.weight {
			return prefer
		}
	}
	if best.weight > 0 && current != nil && canRunResources(current) {
		for _, c := range cands[1:] {
			if c.weight != best.weight {
				break
			}
			if c.n == current {
				return current
			}
		}
	}
	return best.n
}

// sortForAssignment is pcmk__sort_resources: by priority, then by the
// score on the current node, then by the score on each node in turn.
func (s *scheduler) sortForAssignment(order []*rsc) {
	nodes := append([]*node(nil), s.nodes...)
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].name < nodes[j].name })
	type key struct {
		current int
		scores  []int
	}
	score := func(r *rsc, n *node) int {
		if n == nil || !canRunResources(n) {
			return -cib.ScoreInfinity
		}
		return s.weight(r, n)
	}
	keys := map[*rsc]key{}
	for _, r := range order {
		k := key{current: score(r, s.currentNode(r)), scores: make([]int, len(nodes))}
		for i, n := range nodes {
			k.scores[i] = score(r, n)
		}
		keys[r] = k
	}
	sort.SliceStable(order, func(i, j int) bool {
		x, y := order[i], order[j]
		if x.priority != y.priority {
			return x.priority > y.priority
		}
		kx, ky := keys[x], keys[y]
		if kx.current != ky.current {
			return kx.current > ky.current
		}
		for i := range nodes {
			if kx.scores[i] != ky.scores[i] {
				return kx.scores[i] > ky.scores[i]
			}
		}
		return false
	})
}

// banInsufficientCapacity is pcmk__ban_insufficient_capacity: when some
// node has room for r and the resources colocated with it (mandatory
// colocations, either way, followed through) that are not assigned yet,
// only such nodes are kept; otherwise only the nodes with room for r
// alone, and the node with the most free capacity is preferred.
func (s *scheduler) banInsufficientCapacity(st *assignState, r *rsc, cands []cand) ([]cand, *node) {
	need := map[string]int{}
	for _, x := range s.colocatedResources(r) {
		s.addUtilization(x, need)
	}
	fitsNeed := func(n *node) bool {
		for k, v := range need {
			if v > st.free[n][k] {
				return false
			}
		}
		return true
	}
	any := false
	var prefer *node
	for _, c := range cands {
		any = any || fitsNeed(c.n)
		if prefer == nil || st.compareFree(c.n, prefer) < 0 {
			prefer = c.n
		}
	}
	kept := cands[:0]
	for _, c := range cands {
		if (any && fitsNeed(c.n)) || (!any && st.fits(r, c.n)) {
			kept = append(kept, c)
		}
	}
	if any {
		prefer = nil
	}
	return kept, prefer
}

// colocatedResources is colocated_resources: r and the resources tied
// to it by mandatory colocations, in either direction, transitively (a
// clone's dependent only when that is a clone too).
func (s *scheduler) colocatedResources(r *rsc) []*rsc {
	links := s.mandatoryLinks()
	seen := map[*rsc]bool{r: true}
	out := []*rsc{r}
	for i := 0; i < len(out); i++ {
		x := out[i]
		for _, l := range links[x] {
			if l.dependent && x.kind == cib.KindClone && l.other.kind != cib.KindClone {
				continue
			}
			if !seen[l.other] {
				seen[l.other] = true
				out = append(out, l.other)
			}
		}
	}
	return out
}

// colocLink is one mandatory colocation seen from one of its resources:
// the other resource, and whether that is the dependent.
type colocLink struct {
	other     *rsc
	dependent bool
}

// mandatoryLinks indexes the mandatory colocations (score INFINITY, any
// role) by resource, once.
func (s *scheduler) mandatoryLinks() map[*rsc][]colocLink {
	if s.assign.links != nil {
		return s.assign.links
	}
	links := map[*rsc][]colocLink{}
	byID := map[string]*rsc{}
	if len(s.m.Colocations) > 0 {
		for _, x := range s.all {
			if _, ok := byID[x.id]; !ok {
				byID[x.id] = x
			}
		}
	}
	for _, c := range s.m.Colocations {
		dep, prim := byID[c.Rsc], byID[c.WithRsc]
		if dep == nil || prim == nil || dep == prim || cib.ParseScore(c.Score) < cib.ScoreInfinity || !anyRole(c.RscRole) || !anyRole(c.WithRscRole) {
			continue
		}
		links[dep] = append(links[dep], colocLink{other: prim})
		links[prim] = append(links[prim], colocLink{other: dep, dependent: true})
	}
	s.assign.links = links
	return links
}

// addUtilization is add_utilization: what x, not assigned yet, will take
// (a group all its members, a clone one instance, a bundle one
// container).
func (s *scheduler) addUtilization(x *rsc, need map[string]int) {
	if s.assign.done[x.top()] {
		return // assigned already
	}
	switch x.kind {
	case cib.KindPrimitive:
		for k, v := range x.utilization {
			need[k] += utilizationValue(v)
		}
	case cib.KindGroup:
		for _, m := range x.children {
			s.addUtilization(m, need)
		}
	case cib.KindClone:
		if len(x.children) > 0 {
			s.addUtilization(x.children[0], need)
		}
	case cib.KindBundle:
		for _, c := range x.children {
			if c.implicit && c.typ != "remote" && c.typ != "IPaddr2" {
				s.addUtilization(c, need)
				return
			}
		}
	}
}
