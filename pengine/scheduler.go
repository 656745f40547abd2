package pengine

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// scheduler holds the working state of one Plan call.
type scheduler struct {
	m          *cib.Model
	cfg        config
	nodes      []*node
	byName     map[string]*node
	byID       map[string]*node
	all        []*rsc
	top        []*rsc
	rscByID    map[string]*rsc
	orphans    map[string]*rsc
	haveDevice bool
	// unfencing is pe_flag_enable_unfencing; unfenceFor records the
	// nodes device changes unfence, with the reason.
	unfencing  bool
	unfenceFor map[*node]string
	// now is the evaluation time (seconds since the epoch) for failure
	// expiry; 0 means failures never expire. zone is the scheduler host's
	// time zone, where date rules are read (nil: UTC).
	now     int64
	zone    *time.Location
	actions []*Action
	edges   []Edge
	notes   []string
	// statusOrder lists the nodes with a status entry, in status order.
	statusOrder []*node
	histIDs     map[string]bool // historyIDs' cache
	// best and loads cache bestNode and load, asked once the status is
	// unpacked and the resources' state is final.
	best map[*rsc]*node
	// assign is the assignment of top-level primitives (assign.go).
	assign *assignment
	loads  map[*node]int
	// launchers caches launchesGuest: the guests' launchers and the
	// resources containing them.
	launchers map[*rsc]bool
	// colocFrom lists, by resource id, the resources it is colocated
	// with at INFINITY; colocating guards colocatedCanHost's recursion.
	colocFrom  map[string][]*rsc
	colocating map[*rsc]bool
	// cloneAt caches cloneHosts, by clone.
	cloneAt map[*rsc]map[*node]bool
	// movesTo caches movesOnlyTo, by container.
	movesTo map[*rsc]*node
	// stopNeeded lists the containers of failed bundle connections, whose
	// stops are created once the status is unpacked.
	stopNeeded []*rsc
	locIndex   locations
	// active maps a node name to the resources running there.
	active map[string][]string

	// The fencing set-up: options, agent metadata, the stonith devices
	// (by id, and their CIB order) and the topology.
	fencing     cib.FencingOptions
	agents      map[string]cib.AgentInfo
	devices     map[string]*device
	deviceOrder []string
	topology    *cib.Topology
	// members are the cluster member nodes in node order, memberBase
	// their names (shared by every device's NodeList), memberByName
	// their indexes by name, attrNamed those with health or fail-count
	// attributes (see indexMembers).
	members      []*node
	memberBase   *nodeBase
	memberByName map[string][]int
	attrNamed    []int
	// table caches deviceTable; staticIndex and unlisted the devices
	// of the table by the targets their static list admits, and those
	// checked otherwise (see queryDevices).
	table       []string
	staticIndex map[string][]int
	unlisted    []int
	// failREs caches failRegexps; fillerIdx the fillers by container,
	// for fillerN resources.
	histByName map[string]*cib.NodeState // historyOf's index
	failREs    map[failREKey][2]*regexp.Regexp
	fillerIdx  map[*rsc][]*rsc
	fillerN    int
}

func newScheduler(in Input) *scheduler {
	f := in.Model.FencingOptions()
	return &scheduler{
		m: in.Model, cfg: readConfig(in.Model, f), fencing: f, agents: in.Agents,
		topology: cib.NewTopology(in.Model.FencingLevels),
		byName:   map[string]*node{}, byID: map[string]*node{},
		rscByID: map[string]*rsc{}, orphans: map[string]*rsc{},
	}
}

func (s *scheduler) run() {
	s.unpackNodes()
	s.unfencing = s.readUnfencing()
	s.unpackResources()
	if s.cfg.haveWatchdog {
		s.haveDevice = true
	}
	s.sortNodes()
	s.unpackNodeStates()
	s.unpackAllHistory()
	s.applyTickets()
	s.configChanges()
	s.unmanageWithoutDevices()
	s.unrunnableStops()
	s.assignConnections()
	s.scheduleFencing()
}

// unpackAllHistory replays the resource history of every node in status
// order, in passes: a remote node's history only once its connection is
// known to be up, a guest's once its container is too; then, with fencing
// enabled, everything left (unpack_status).
func (s *scheduler) unpackAllHistory() {
	for changed := true; changed; {
		changed = false
		for _, n := range s.statusNodes() {
			if !n.historyDone && s.historyReady(n) {
				s.unpackNodeHistory(n)
				changed = true
			}
		}
	}
	if s.cfg.fencingEnabled {
		for _, n := range s.statusNodes() {
			if !n.historyDone {
				s.unpackNodeHistory(n)
			}
		}
	}
	// A remote or guest node shutting down takes its connection down
	// (its next role is Stopped); one whose history was never unpacked
	// gets its online state now.
	for _, n := range s.nodes {
		if n.kind != kindRemote && n.kind != kindGuest {
			continue
		}
		if n.shutdown && n.remoteRsc != nil {
			n.remoteRsc.stopped = true
		}
		if !n.historyDone {
			s.remoteOnline(n)
		}
	}
}

// statusNodes lists the nodes that have a status entry, in status order.
func (s *scheduler) statusNodes() []*node {
	if s.statusOrder == nil {
		seen := map[*node]bool{}
		for i := range s.m.NodeStates {
			st := &s.m.NodeStates[i]
			if st.ID == "" || st.Uname == "" {
				continue
			}
			if n := s.findNode(st.ID, st.Uname); n != nil && !seen[n] && n.state == st {
				seen[n] = true
				s.statusOrder = append(s.statusOrder, n)
			}
		}
	}
	return s.statusOrder
}

func (s *scheduler) historyReady(n *node) bool {
	conn := n.remoteRsc
	switch n.kind {
	case kindGuest:
		return conn != nil && conn.role == roleStarted && conn.container != nil && conn.container.role == roleStarted
	case kindRemote:
		return conn != nil && (conn.role == roleStarted || s.cfg.shutdownLock)
	}
	return s.cfg.fencingEnabled || s.cfg.shutdownLock || n.online
}

func (s *scheduler) unpackNodeHistory(n *node) {
	if n.kind == kindGuest || n.kind == kindRemote {
		s.remoteOnline(n)
		s.remoteAttrs(n)
	}
	s.unpackHistory(n)
}

// canFence is pe_can_fence: whether the cluster may fence n.
func (s *scheduler) canFence(n *node) bool {
	switch {
	case n.kind == kindGuest:
		return s.guestFenceable(n)
	case !s.cfg.fencingEnabled, !s.haveDevice:
		return false
	case s.cfg.haveQuorum, s.cfg.noQuorum == nqIgnore:
		return true
	}
	return n.online
}

// fenceNode is pe_fence_node: mark n for fencing with a reason.
func (s *scheduler) fenceNode(n *node, reason string, priorityDelay bool) {
	switch n.kind {
	case kindGuest:
		if conn := n.remoteRsc; conn != nil && conn.container == nil {
			conn.failed = true // a dangling guest connection is cleaned up
			return
		}
		s.fenceGuest(n, reason)
		return
	case kindRemote:
		// An unmanaged connection is not reset, but the node is unclean
		// all the same.
		if conn := n.remoteRsc; conn == nil || conn.managed {
			n.remoteReset = true
		}
		n.unclean = true
		if n.fenceReason == "" {
			n.fenceReason = reason
		}
		return
	}
	if n.unclean {
		return
	}
	n.unclean = true
	n.fenceReason = reason
	n.lost = priorityDelay
}

// processRscState is process_rsc_state: fencing implied by where a
// resource is active and by how its operations failed.
func (s *scheduler) processRscState(rh *rscHistory) {
	r, n := rh.r, rh.n
	if rh.role > roleStopped && !n.online && !n.maintenance && r.managed {
		fence := false
		reason := r.id + " is thought to be active there"
		if n.kind == kindGuest {
			r.failed = true
			fence = true
		} else if s.cfg.fencingEnabled {
			if n.kind == kindRemote && n.remoteRsc != nil && !n.remoteRsc.failed {
				n.unseen = true
				reason = r.id + " is active there (fencing will be revoked if remote connection can be re-established elsewhere)"
			}
			fence = true
		}
		if fence {
			s.fenceNode(n, reason, false)
		}
	}
	onFail := rh.onFail
	if n.unclean {
		onFail = failIgnore
	}
	s.applyOnFail(rh, onFail)
	if r.failed && r.isRemoteConn() {
		if rn := s.byName[r.remoteNode]; rn != nil && rn.unclean {
			rn.unseen = false
		}
	}
	if rh.role > roleStopped {
		s.addRunning(r, n, rh.role, rh.onFail != failIgnore)
		if onFail != failIgnore {
			r.failed, r.failedHere = true, true
		}
	}
}

// addRunning is native_add_running: r is active on n (once per node). It
// adds r's priority to the node; a maintenance node makes r unmanaged;
// a resource active on too many nodes is handled as multiple-active says
// (block: unmanaged and blocked; stop_only: kept off every node).
func (s *scheduler) addRunning(r *rsc, n *node, role int, failed bool) {
	if r.runsOn(n) {
		return
	}
	r.running = append(r.running, placement{node: n, role: role, failed: failed})
	s.addPriority(r, n, role, failed)
	if n.maintenance && r.kind == cib.KindPrimitive {
		r.managed = false
	}
	if !r.managed || r.inClone() {
		return
	}
	count := 0
	for _, pl := range r.running {
		if s.requires(r) >= reqFencing || (pl.node.online && !pl.node.unclean) {
			count++
		}
	}
	if count <= 1 {
		return
	}
	switch strings.ToLower(r.meta["multiple-active"]) {
	case "stop_only":
		r.banAll = true
	case "block":
		r.managed, r.blocked = false, true
		if p := r.parent; p != nil && (p.kind == cib.KindGroup || p.kind == cib.KindBundle) &&
			strings.EqualFold(p.meta["multiple-active"], "block") {
			for _, c := range p.children {
				c.managed, c.blocked = false, true
			}
		}
	}
}

// inClone: r is (inside) a clone's instance, one resource here for all
// of them.
func (r *rsc) inClone() bool {
	for p := r.parent; p != nil; p = p.parent {
		if p.kind == cib.KindClone {
			return true
		}
	}
	return false
}

func (s *scheduler) applyOnFail(rh *rscHistory, onFail int) {
	r, n := rh.r, rh.n
	switch onFail {
	case failDemote:
		r.failed = true
	case failFence:
		s.fenceNode(n, r.id+" failed there", false)
	case failStandby:
		n.standby = true
	case failBlock:
		r.managed, r.blocked = false, true
	case failStop:
		r.stopped = true
	case failRecover:
		if rh.role > roleStopped {
			r.failed, r.failedHere = true, true
			s.stopAction(r, n)
		}
	case failRestartContainer:
		r.failed, r.failedHere = true, true
		switch {
		case r.container != nil && r.bundled:
			s.stopNeeded = append(s.stopNeeded, r.container)
		case r.container != nil:
			s.stopAction(r.container, n)
		case rh.role > roleStopped:
			s.stopAction(r, n)
		}
	case failResetRemote:
		r.failed = true
		if rh.role > roleStopped {
			s.stopAction(r, n)
		}
		if s.cfg.fencingEnabled && r.isRemoteConn() {
			if rn := s.byName[r.remoteNode]; rn != nil && rn.kind == kindRemote && !rn.remoteFenced {
				s.fenceNode(rn, "remote connection is unrecoverable", false)
			}
		}
		if r.reconnect {
			r.stopped = true
		}
	}
}

// addPriority adds a running resource's priority to its node (and, for a
// guest node, to the guest's host), for priority-fencing-delay.
func (s *scheduler) addPriority(r *rsc, n *node, role int, failed bool) {
	if r.priority == 0 || failed {
		return
	}
	p := r.priority
	if role == rolePromoted {
		p++
	}
	n.priority += p
	if n.remoteRsc != nil && n.remoteRsc.container != nil {
		for _, pl := range n.remoteRsc.container.running {
			pl.node.priority += p
		}
	}
}

// unmanageWithoutDevices: with fencing enabled but no device, assignment
// leaves every primitive unmanaged where it is (pcmk__primitive_assign).
func (s *scheduler) unmanageWithoutDevices() {
	if !s.cfg.fencingEnabled || s.haveDevice {
		return
	}
	for _, r := range s.all {
		if r.kind == cib.KindPrimitive {
			r.managed = false
		}
	}
}

// anyManaged is any_managed_resources: some resource, or a descendant of
// one, is managed.
func (s *scheduler) anyManaged() bool {
	for _, r := range s.top {
		if r.anyManaged() {
			return true
		}
	}
	return false
}

func (r *rsc) anyManaged() bool {
	if r.managed {
		return true
	}
	for _, c := range r.children {
		if c.anyManaged() {
			return true
		}
	}
	return false
}

func (s *scheduler) result() *Result {
	s.unpackDevices()
	res := &Result{Blocked: map[string][]string{}, Devices: []DeviceInfo{}}
	for _, id := range s.deviceOrder {
		res.Devices = append(res.Devices, s.deviceInfo(s.devices[id]))
	}
	res.Topology = s.topology.Ignored
	res.Fencers = []string{}
	for _, n := range s.nodes {
		if n.kind == kindMember && n.online && !n.unclean {
			res.Fencers = append(res.Fencers, n.name)
		}
	}
	for _, a := range s.actions {
		if !a.Pseudo {
			a.Step = s.step(a)
		}
		res.Actions = append(res.Actions, *a)
		if a.Action != cib.FenceOn {
			if blocked := s.activeOn(a.Target); len(blocked) > 0 {
				res.Blocked[a.Target] = blocked
			}
		}
	}
	res.Edges = append(res.Edges, s.edges...)
	res.Notes = s.notes
	return res
}

// activeOn lists the resources thought active on the named node, whose
// recovery waits for its fencing. The first call reads where every
// resource runs, once: the result is asked for each fenced node.
func (s *scheduler) activeOn(name string) []string {
	if s.active == nil {
		s.active = map[string][]string{}
		for _, r := range s.all {
			seen := map[string]bool{}
			for _, pl := range r.running {
				if n := pl.node.name; !seen[n] {
					seen[n] = true
					s.active[n] = append(s.active[n], r.id)
				}
			}
		}
	}
	out := slices.Clone(s.active[name])
	sort.Strings(out)
	return out
}

// stopAction is the fencing side of creating a stop of r on n
// (update_resource_action_runnable): a managed resource's stop on a node
// that is down but clean (and, for a guest, not being reset) cannot run,
// so the node is fenced.
func (s *scheduler) stopAction(r *rsc, n *node) {
	if n == nil || n.online || (n.kind == kindGuest && !n.remoteReset) {
		return
	}
	if r.managed && !n.unclean {
		s.fenceNode(n, "stop is unrunnable", false)
	}
}

// unrunnableStops creates the stops scheduled for resources that are
// active: those the history asked for on containers of failed bundle
// connections, then every primitive's, those of dangling migrations
// first.
func (s *scheduler) unrunnableStops() {
	for _, c := range s.stopNeeded {
		if len(c.running) > 0 {
			s.stopAction(c, c.running[0].node)
		}
	}
	for _, r := range s.all {
		if r.kind != cib.KindPrimitive {
			continue
		}
		for _, n := range r.dangling {
			s.stopAction(r, n)
		}
		for _, pl := range r.running {
			s.stopAction(r, pl.node)
		}
	}
}
