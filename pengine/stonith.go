package pengine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// device is a stonith primitive with what the plan needs of it.
type device struct {
	// name is the device's id in the fencer: the primitive's, or for a
	// cloned device its first instance's (see registrationName).
	name  string
	fd    *cib.FenceDevice
	r     *rsc
	agent cib.AgentInfo
	// nodes are where it may run; why explains the nodes it may not.
	nodes NodeList
	why   []string
}

// unpackDevices reads the stonith primitives (document order) and where
// each may run.
func (s *scheduler) unpackDevices() {
	s.devices = map[string]*device{}
	s.deviceOrder, s.table, s.staticIndex = nil, nil, nil
	s.indexMembers()
	for _, fd := range s.m.FenceDevices() {
		d := &device{fd: fd, r: s.rscByID[fd.ID], agent: s.agents[fd.Agent]}
		d.name = s.registrationName(d)
		if _, dup := s.devices[d.name]; dup {
			continue
		}
		s.deviceOrder = append(s.deviceOrder, d.name)
		s.devices[d.name] = d
		if d.r == nil {
			continue
		}
		d.nodes, d.why = s.deviceNodes(d.r)
	}
	if len(s.agents) == 0 && len(s.deviceOrder) > 0 {
		s.notes = append(s.notes, "no agent metadata was given: every agent is taken as one whose metadata cannot be read")
	}
}

// registrationName is the id the fencer registers device d under
// (rsc_name of the resource it looks at): the primitive's id, but for a
// cloned device its first instance's, "ID:0", unless the status section
// records the anonymous clone's history under its plain id (which then
// names the instance). Fencing levels must name the device so.
func (s *scheduler) registrationName(d *device) string {
	r := d.r
	if r == nil || r.parent == nil || r.parent.kind != cib.KindClone {
		return d.fd.ID
	}
	if !cib.IsTrue(r.parent.meta["globally-unique"]) && s.historyIDs()[d.fd.ID] {
		return d.fd.ID
	}
	return d.fd.ID + ":0"
}

// deviceNodes is where Pacemaker's fencer registers a stonith resource
// (cib_device_update): nowhere when it is disabled (target-role=Stopped);
// otherwise on every cluster node (not remote, guest or ping nodes) that is
// in the resource's allowed nodes with a score of 0 or more (and in its
// group's, when it is in one). The score sums the location constraints on
// it and its ancestors (node scores, rules with score or score-attribute,
// rsc-pattern, resource sets), the node's health under
// node-health-strategy, and -INFINITY where failures ban it (hard errors,
// failed stops, migration-threshold) or resource-discovery=exclusive
// leaves the node out; without symmetric-cluster a node needs a
// constraint. A cloned device is placed as the clone's first instance.
// Colocations and utilization are not applied.
//
// Only the nodes that something names for r (a location constraint's
// node, a failure ban, a node's health or fail-count attributes) are
// looked at one by one; every other node is as the first of them, asked
// once, so that a device per node costs O(members + constraints on it)
// and not O(members): a location rule, or every node banned, asks them
// all.
func (s *scheduler) deviceNodes(r *rsc) (NodeList, []string) {
	if roleFromString(r.meta["target-role"]) == roleStopped {
		return NodeList{}, []string{"disabled (target-role=Stopped)"}
	}
	ban := func(n *node) string {
		if reason := s.deviceBan(r, n); reason != "" {
			return reason
		}
		if g := r.parent; g != nil && g.kind == cib.KindGroup {
			if reason := s.deviceBan(g, n); reason != "" {
				return "group " + g.id + ": " + reason
			}
		}
		return ""
	}
	all := NodeList{base: s.memberBase}
	special, every := s.namedFor(r)
	generic := ""
	if !every {
		rep := -1
		for i := range s.members {
			if !special[i] {
				rep = i
				break
			}
		}
		if rep >= 0 {
			generic = ban(s.members[rep])
		}
	}
	var skip []int
	var why []string
	if every || generic != "" {
		for i, n := range s.members {
			if reason := ban(n); reason != "" {
				skip = append(skip, i)
				why = append(why, n.name+": "+reason)
			}
		}
		all.skip = skip
		return all, why
	}
	order := make([]int, 0, len(special))
	for i := range special {
		order = append(order, i)
	}
	slices.Sort(order)
	for _, i := range order {
		n := s.members[i]
		if reason := ban(n); reason != "" {
			skip = append(skip, i)
			why = append(why, n.name+": "+reason)
		}
	}
	all.skip = skip
	return all, why
}

// namedFor lists (as indexes into s.members) the member nodes whose
// verdict for device r may differ from the others': those a location
// constraint on r or an ancestor names, those a failure bans r or an
// ancestor from, and those with health or fail-count attributes. every
// says a constraint's rule may pick any node. O(constraints on r, bans,
// nodes with such attributes).
func (s *scheduler) namedFor(r *rsc) (special map[int]bool, every bool) {
	special = map[int]bool{}
	for _, i := range s.attrNamed {
		special[i] = true
	}
	for _, i := range s.candidates(r) {
		l := s.m.Locations[i]
		if len(l.Rules) > 0 {
			return nil, true
		}
		for _, j := range s.memberByName[l.Node] {
			special[j] = true
		}
	}
	for a := r; a != nil; a = a.parent {
		for n := range a.bannedOn {
			for _, j := range s.memberByName[n.name] {
				special[j] = true
			}
		}
	}
	return special, false
}

// indexMembers lists the cluster member nodes (where devices register),
// their names as the base of the devices' node lists, and the members
// with attributes that place devices node by node.
func (s *scheduler) indexMembers() {
	s.members, s.memberByName, s.attrNamed = nil, map[string][]int{}, nil
	var names []string
	for _, n := range s.nodes {
		if n.kind != kindMember {
			continue
		}
		i := len(s.members)
		s.members = append(s.members, n)
		names = append(names, n.name)
		s.memberByName[n.name] = append(s.memberByName[n.name], i)
		for k := range n.attrs {
			if strings.HasPrefix(k, "#health") || strings.HasPrefix(k, "fail-count-") || strings.HasPrefix(k, "last-failure-") {
				s.attrNamed = append(s.attrNamed, i)
				break
			}
		}
	}
	s.memberBase = newNodeBase(names)
}

// deviceBan says why n is not allowed for r, or "".
func (s *scheduler) deviceBan(r *rsc, n *node) string {
	score, explicit := s.locationScore(r, n)
	score = cib.AddScores(score, s.healthScore(r, n))
	switch {
	case !s.cfg.symmetric && !explicit:
		return "no location constraint allows it (symmetric-cluster=false)"
	case score < 0:
		return fmt.Sprintf("score %s", formatScore(score))
	case !s.discoverable(r, n):
		return "resource-discovery=exclusive leaves the node out"
	case r.banned(n):
		return "banned by a failure"
	case s.thresholdReached(r, n):
		return "migration-threshold reached"
	}
	return ""
}

func formatScore(sc int) string {
	switch {
	case sc >= 1000000:
		return "INFINITY"
	case sc <= -1000000:
		return "-INFINITY"
	}
	return fmt.Sprint(sc)
}

// healthScore is node-health-strategy's score for n (pcmk__apply_node_health):
// the sum of the node's #health-* attributes, red, yellow and green read
// as the strategy scores them (migrate-on-red: -INFINITY, 0, 0;
// only-green: -INFINITY, -INFINITY, 0; progressive and custom: the
// node-health-red, -yellow and -green options, progressive adding
// node-health-base), any other value as a score. A negative score does not
// apply to a resource with allow-unhealthy-nodes=true.
func (s *scheduler) healthScore(r *rsc, n *node) int {
	strategy, _ := prop(s.m, "node-health-strategy")
	var red, yellow, green, total int
	switch strings.ToLower(strategy) {
	case "migrate-on-red":
		red = -1000000
	case "only-green":
		red, yellow = -1000000, -1000000
	case "progressive", "custom":
		red, yellow, green = s.healthOption("node-health-red", -1000000),
			s.healthOption("node-health-yellow", 0), s.healthOption("node-health-green", 0)
		if strings.EqualFold(strategy, "progressive") {
			total = s.healthOption("node-health-base", 0)
		}
	default:
		return 0
	}
	for k, v := range n.attrs {
		if !strings.HasPrefix(k, "#health") {
			continue
		}
		switch strings.ToLower(v) {
		case "red":
			total = cib.AddScores(total, red)
		case "yellow":
			total = cib.AddScores(total, yellow)
		case "green":
			total = cib.AddScores(total, green)
		default:
			total = cib.AddScores(total, cib.ParseScore(v))
		}
	}
	if total < 0 && cib.IsTrue(r.meta["allow-unhealthy-nodes"]) {
		return 0
	}
	return total
}

func (s *scheduler) healthOption(name string, def int) int {
	if v, ok := prop(s.m, name); ok {
		return cib.ParseScore(v)
	}
	return def
}

// deviceInfo describes d for Result.Devices.
func (s *scheduler) deviceInfo(d *device) DeviceInfo {
	info := DeviceInfo{ID: d.name, Agent: d.fd.Agent, Nodes: d.nodes, Why: d.why,
		HostCheck: d.fd.HostCheck(d.agent), ActionLimit: d.fd.ActionLimit(), Notes: d.fd.Notes,
		Monitor: s.call(d, "monitor", "")}
	if strings.EqualFold(info.HostCheck, cib.CheckStatic) {
		info.Targets = d.fd.Names()
	}
	if d.r == nil {
		return info
	}
	for _, op := range d.r.ops {
		if op.Name != "monitor" || cib.IsFalse(op.Enabled) {
			continue
		}
		if iv, err := cib.ParseInterval(op.Interval); err == nil && iv > 0 {
			info.MonitorInterval = Duration(iv)
			break
		}
	}
	return info
}

// call is d's agent call for action against target ("" for none).
func (s *scheduler) call(d *device, action, target string) AgentCall {
	id := ""
	if n := s.byName[target]; n != nil {
		id = n.id
	}
	return AgentCall{Verb: d.fd.AgentAction(action), Params: d.fd.AgentArgs(d.agent, target, id),
		Timeout: Duration(d.fd.Timeout(action, s.fencing.Timeout)), Attempts: d.fd.Attempts(action)}
}

// Warning is a problem of the fencing set-up that the plan shows, about
// the element with id ID.
type Warning struct {
	ID, Check, Message string
}

// Warnings lists the problems of the fencing set-up: a device that may
// run only on the one node its static list names (nothing can fence that
// node when the device is needed, the node itself being unable to).
func (r *Result) Warnings() []Warning {
	var out []Warning
	for _, d := range r.Devices {
		if d.Nodes.Len() != 1 || len(d.Why) == 0 {
			continue
		}
		node := d.Nodes.First()
		for _, t := range d.Targets {
			if strings.EqualFold(t, node) {
				out = append(out, Warning{ID: d.ID, Check: "device-placement", Message: fmt.Sprintf(
					"the device may run only on %s, the node it fences, so nothing can fence %s when it fails: allow it elsewhere (usually ban it from %s instead)",
					node, node, node)})
				break
			}
		}
	}
	return out
}
