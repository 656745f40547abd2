package pengine

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// A few fencing decisions depend on whether a resource can start again
// somewhere (a guest's launcher: reboot or off; a remote connection:
// fencing revoked), and for those the engine asks: is there a node that is
// up, clean, not banned by a location constraint or by failures, and with
// room left. Which node a top-level primitive gets is its assignment
// (assign.go).

// willStart tells whether r will be given a start action: it is
// placeable (without quorum the start is created, only not runnable), a
// start is pending (or forced by an agent change), or changed parameters
// force a restart.
func (s *scheduler) willStart(r *rsc) bool {
	return s.placeable(r) || r.startPending || r.forcedStart
}

// placeable tells whether r can be assigned a node.
func (s *scheduler) placeable(r *rsc) bool {
	if !r.managed || r.stopped || r.orphan || roleFromString(r.meta["target-role"]) == roleStopped || s.cfg.stopAll {
		return false
	}
	for _, n := range s.nodes {
		if s.canHost(r, n) {
			return true
		}
	}
	return false
}

// bestNode is the node a resource would be assigned (assign_best_node):
// a top-level primitive's assignment; for another, the highest location
// score among the nodes that can host it; on a tie, unless
// placement-strategy is minimal, the node with fewer resources staying on
// it (those already running there that can stay), then the node name in
// byte order.
func (s *scheduler) bestNode(r *rsc) *node {
	if to, ok := s.assigned(r); ok {
		return to
	}
	if best, ok := s.best[r]; ok {
		return best
	}
	best := s.findBestNode(r)
	if s.best == nil {
		s.best = map[*rsc]*node{}
	}
	s.best[r] = best
	return best
}

func (s *scheduler) findBestNode(r *rsc) *node {
	var best *node
	bestScore, bestLoad := 0, 0
	for _, n := range s.nodes {
		if !s.canHost(r, n) {
			continue
		}
		sc, _ := s.locationScore(r, n)
		load := s.load(n)
		if best == nil || sc > bestScore ||
			(sc == bestScore && (load < bestLoad || (load == bestLoad && n.name < best.name))) {
			best, bestScore, bestLoad = n, sc, load
		}
	}
	if best == nil || bestScore < 0 {
		return nil
	}
	return best
}

// load counts the primitives running on n that can stay there, the
// number compare_nodes prefers fewer of (0 for every node under the
// minimal placement strategy).
func (s *scheduler) load(n *node) int {
	if s.cfg.placement == "minimal" {
		return 0
	}
	if s.loads == nil {
		s.loads = map[*node]int{}
		for _, r := range s.all {
			if r.kind != cib.KindPrimitive || r.orphan {
				continue
			}
			for _, pl := range r.running {
				if !r.managed || (!r.stopped && s.canHost(r, pl.node)) {
					s.loads[pl.node]++
				}
			}
		}
	}
	return s.loads[n]
}

// canRunResources is Pacemaker's can_run_resources: n is up, clean, and
// neither standby, shutting down nor in maintenance.
func canRunResources(n *node) bool {
	return n.online && !n.unclean && !n.standby && !n.shutdown && !n.pending && !n.maintenance && n.kind != kindPing
}

// canHost tells whether n is usable for r.
func (s *scheduler) canHost(r *rsc, n *node) bool {
	if !canRunResources(n) {
		return false
	}
	// Remote and guest nodes run no connections or fencing devices, and
	// guest nodes no launcher of a guest, except a bundle's container
	// (its connection may run elsewhere: pe_rsc_allow_remote_remotes).
	if (n.kind == kindGuest || n.kind == kindRemote) && (r.isRemoteConn() || r.container != nil || r.fenceDevice) {
		return false
	}
	if n.kind == kindGuest && s.launchesGuest(r) && !r.bundled {
		return false
	}
	score, positive := s.locationScore(r, n)
	if score <= -1000000 || (!s.cfg.symmetric && !positive) || !s.discoverable(r, n) {
		return false
	}
	if s.thresholdReached(r, n) || r.banned(n) || !s.enoughCapacity(r, n) {
		return false
	}
	return s.hasRoom(r, n) && s.colocatedCanHost(r, n)
}

// colocatedCanHost applies r's mandatory colocations (score INFINITY, in
// any role) with another resource: r can run only where that resource
// can, so a node it cannot be placed on is no node for r either. Where
// the other resource is actually placed is not followed.
func (s *scheduler) colocatedCanHost(r *rsc, n *node) bool {
	if s.colocFrom == nil {
		s.colocFrom = map[string][]*rsc{}
		byID := map[string]*rsc{}
		if len(s.m.Colocations) > 0 {
			for _, r := range s.all {
				if _, ok := byID[r.id]; !ok {
					byID[r.id] = r
				}
			}
		}
		for _, c := range s.m.Colocations {
			w := byID[c.WithRsc]
			if w == nil || c.Rsc == c.WithRsc || cib.ParseScore(c.Score) < 1000000 || !anyRole(c.RscRole) || !anyRole(c.WithRscRole) {
				continue
			}
			s.colocFrom[c.Rsc] = append(s.colocFrom[c.Rsc], w)
		}
	}
	if len(s.colocFrom) == 0 || s.colocating[r] {
		return true
	}
	if s.colocating == nil {
		s.colocating = map[*rsc]bool{}
	}
	s.colocating[r] = true
	defer delete(s.colocating, r)
	for a := r; a != nil; a = a.parent {
		for _, w := range s.colocFrom[a.id] {
			if !s.mayHost(w, r, n) {
				return false
			}
		}
	}
	return true
}

// mayHost tells whether w (the with-rsc of a colocation of r) could be
// placed on n: a primitive where it can be hosted, a group where its
// first member can, a clone or bundle where one of its instances can. A
// resource whose question is already being asked counts as able.
func (s *scheduler) mayHost(w, r *rsc, n *node) bool {
	switch {
	case w == r || s.colocating[w] || s.assigning(w):
		return true
	case w.kind == cib.KindPrimitive:
		if to, ok := s.assigned(w); ok {
			return to == n // a primary assigned before its dependent
		}
		return s.canHost(w, n)
	case len(w.children) == 0:
		return true
	case w.kind == cib.KindGroup:
		return s.mayHost(w.children[0], r, n)
	}
	for _, c := range w.children {
		if s.mayHost(c, r, n) {
			return true
		}
	}
	return false
}

// launchesGuest is pe__resource_contains_guest_node: r (or a resource
// inside it) is the launcher of a guest node.
func (s *scheduler) launchesGuest(r *rsc) bool {
	if s.launchers == nil {
		s.launchers = map[*rsc]bool{}
		for _, n := range s.nodes {
			if n.kind == kindGuest && n.remoteRsc != nil && n.remoteRsc.container != nil {
				for a := n.remoteRsc.container; a != nil; a = a.parent {
					s.launchers[a] = true
				}
			}
		}
	}
	return s.launchers[r]
}

// locationScore sums the location constraints on r (and its ancestors)
// for n, capped at ±INFINITY; positive reports a non-negative match.
func (s *scheduler) locationScore(r *rsc, n *node) (int, bool) {
	total, positive := 0, false
	for _, i := range s.candidates(r) {
		l := s.m.Locations[i]
		if !s.locationApplies(l, r) || !anyRole(l.Role) {
			continue
		}
		if l.Node != "" {
			if l.Node == n.name {
				sc := cib.ParseScore(l.Score)
				total = cib.AddScores(total, sc)
				positive = positive || sc >= 0
			}
			continue
		}
		for _, rule := range l.Rules {
			if !anyRole(rule.Role) || !s.ruleMatches(rule, n) {
				continue
			}
			sc := s.ruleScore(rule, n)
			total = cib.AddScores(total, sc)
			positive = positive || sc >= 0
		}
	}
	return total, positive
}

func (s *scheduler) locationApplies(l cib.Location, r *rsc) bool {
	for a := r; a != nil; a = a.parent {
		if !s.constrainable(a) {
			continue
		}
		if l.Rsc == a.id {
			return true
		}
		for _, id := range l.Set {
			if id == a.id {
				return true
			}
		}
	}
	return l.RscPattern != "" && patternMatches(l.RscPattern, r.top().id)
}

// constrainable tells whether a constraint can name a by its id. Inside a
// clone the resources are instances ("ID:N"), which Pacemaker finds by the
// plain id only when the status section records a history under it (the
// instance's clone_name); otherwise the constraint is ignored.
func (s *scheduler) constrainable(a *rsc) bool {
	inClone := false
	for p := a.parent; p != nil; p = p.parent {
		inClone = inClone || p.kind == cib.KindClone
	}
	return !inClone || s.historyIDs()[a.id]
}

// patternMatches applies an rsc-pattern (an extended regular expression,
// unanchored; a leading '!' inverts it) to a top-level resource id. A
// pattern that does not compile matches nothing.
func patternMatches(pattern, id string) bool {
	invert := strings.HasPrefix(pattern, "!")
	re, err := regexp.CompilePOSIX(strings.TrimPrefix(pattern, "!"))
	if err != nil {
		return false
	}
	return re.MatchString(id) != invert
}

// ruleScore is a rule's score, or with score-attribute the value of
// that node attribute (0 when the node lacks it).
func (s *scheduler) ruleScore(rule cib.Rule, n *node) int {
	if rule.ScoreAttr != "" {
		v, _ := s.nodeAttr(n, rule.ScoreAttr)
		return cib.ParseScore(v)
	}
	return cib.ParseScore(rule.Score)
}

// ruleMatches evaluates a rule of plain node-attribute expressions.
func (s *scheduler) ruleMatches(rule cib.Rule, n *node) bool {
	if len(rule.Expressions)+len(rule.Dates)+len(rule.Rules)+rule.Others == 0 {
		return false
	}
	return s.evalRule(rule, n)
}

// evalRule is pe_eval_expr: the rule's expressions, date expressions (at
// the evaluation time; false without one) and nested rules joined by its
// boolean-op. An empty nested rule passes when joined by and.
func (s *scheduler) evalRule(rule cib.Rule, n *node) bool {
	or := strings.EqualFold(rule.BooleanOp, "or")
	var results []bool
	for _, e := range rule.Expressions {
		results = append(results, s.exprMatches(e, n))
	}
	for _, d := range rule.Dates {
		results = append(results, s.now > 0 && d.Holds(s.at()))
	}
	for _, r := range rule.Rules {
		results = append(results, s.evalRule(r, n))
	}
	if rule.Others > 0 {
		results = append(results, false)
	}
	for _, m := range results {
		if or && m {
			return true
		}
		if !or && !m {
			return false
		}
	}
	return !or
}

// at is the evaluation time in the scheduler host's time zone.
func (s *scheduler) at() time.Time {
	if s.zone == nil {
		return time.Unix(s.now, 0).UTC()
	}
	return time.Unix(s.now, 0).In(s.zone)
}

func (s *scheduler) nodeAttr(n *node, name string) (string, bool) {
	switch name {
	case "#uname":
		return n.name, true
	case "#id":
		return n.id, true
	case "#is_dc":
		return strconv.FormatBool(n.dc), true
	case "#kind":
		switch n.kind {
		case kindRemote:
			return "remote", true
		case kindGuest:
			return "container", true
		}
		return "cluster", true
	}
	v, ok := n.attrs[name]
	return v, ok
}

func (s *scheduler) exprMatches(e cib.Expression, n *node) bool {
	v, ok := s.nodeAttr(n, e.Attribute)
	switch strings.ToLower(e.Operation) {
	case "defined":
		return ok
	case "not_defined":
		return !ok
	}
	if !ok {
		return strings.EqualFold(e.Operation, "ne")
	}
	c, comparable := compareValues(v, e.Value, e.Type)
	switch strings.ToLower(e.Operation) {
	case "eq":
		return comparable && c == 0
	case "ne":
		return !comparable || c != 0
	case "lt":
		return comparable && c < 0
	case "lte":
		return comparable && c <= 0
	case "gt":
		return comparable && c > 0
	case "gte":
		return comparable && c >= 0
	}
	return false
}

func compareValues(a, b, typ string) (int, bool) {
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	numeric := strings.EqualFold(typ, "number") || strings.EqualFold(typ, "integer") ||
		(typ == "" && ea == nil && eb == nil)
	if numeric {
		if ea != nil || eb != nil {
			return 0, false
		}
		switch {
		case fa < fb:
			return -1, true
		case fa > fb:
			return 1, true
		}
		return 0, true
	}
	return strings.Compare(a, b), true
}

// hasRoom applies a bundle's replicas-per-host to its containers.
func (s *scheduler) hasRoom(r *rsc, n *node) bool {
	b := r.parent
	if b == nil || b.kind != cib.KindBundle || r.typ == "remote" || r.typ == "IPaddr2" {
		return true
	}
	perHost := 1
	if v, err := strconv.Atoi(b.meta["replicas-per-host"]); err == nil && v > 0 {
		perHost = v
	}
	if p := b.perHost; p > 0 {
		perHost = p
	}
	used := 0
	earlier := true
	for _, c := range b.children {
		if c.typ == "remote" || c.typ == "IPaddr2" {
			continue
		}
		if c == r {
			earlier = false
			continue
		}
		for _, pl := range c.running {
			if pl.node == n && !c.banned(n) && !s.thresholdReached(c, n) {
				used++
			}
		}
		if earlier && c.implicit && s.movesOnlyTo(c) == n {
			used++
		}
	}
	return used < perHost
}

// movesOnlyTo is the node a bundle's container that cannot stay where it
// runs (or runs nowhere) is assigned when that is the only node that can
// host it: the replicas are assigned in order, so it takes its place
// there before the later ones. Nil when it stays, or has no node or a
// choice of several.
func (s *scheduler) movesOnlyTo(c *rsc) *node {
	if to, ok := s.movesTo[c]; ok {
		return to
	}
	if s.movesTo == nil {
		s.movesTo = map[*rsc]*node{}
	}
	s.movesTo[c] = nil // while it is asked
	var only *node
	stays := false
	for _, pl := range c.running {
		stays = stays || s.canHost(c, pl.node)
	}
	if !stays && s.placeable(c) {
		for _, n := range s.nodes {
			if s.canHost(c, n) {
				if only != nil {
					only = nil
					break
				}
				only = n
			}
		}
	}
	s.movesTo[c] = only
	return only
}

// anyRole: a constraint role of Started (or none) applies whatever the
// resource's role.
func anyRole(role string) bool {
	return role == "" || strings.EqualFold(role, "started")
}

// discoverable applies resource-discovery=exclusive: when a constraint on
// r asks for it, only the nodes such constraints match may run r.
func (s *scheduler) discoverable(r *rsc, n *node) bool {
	exclusive, matched := false, false
	for _, i := range s.candidates(r) {
		l := s.m.Locations[i]
		if !strings.EqualFold(l.Discovery, "exclusive") || !s.locationApplies(l, r) {
			continue
		}
		exclusive = true
		if l.Node == n.name {
			matched = true
		}
		for _, rule := range l.Rules {
			if s.ruleMatches(rule, n) {
				matched = true
			}
		}
	}
	return !exclusive || matched
}
