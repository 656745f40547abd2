package pengine

import (
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
	actions    []*Action
	edges      []Edge
	notes      []string
}

func newScheduler(m *cib.Model) *scheduler {
	return &scheduler{
		m: m, cfg: readConfig(m),
		byName: map[string]*node{}, byID: map[string]*node{},
		rscByID: map[string]*rsc{}, orphans: map[string]*rsc{},
	}
}

func (s *scheduler) run() {
	s.unpackNodes()
	s.unpackResources()
	if s.cfg.haveWatchdog {
		s.haveDevice = true
	}
	s.sortNodes()
	s.unpackNodeStates()
	s.unpackAllHistory()
	s.applyTickets()
	s.scheduleFencing()
}

// unpackAllHistory replays the resource history of every node: cluster
// nodes first, then remote and guest nodes.
func (s *scheduler) unpackAllHistory() {
	for _, n := range s.nodes {
		if n.kind == kindRemote || n.kind == kindGuest {
			continue
		}
		if n.online || s.cfg.fencingEnabled {
			s.unpackHistory(n)
		}
	}
	s.unpackRemoteHistory()
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
	if n.kind == kindGuest {
		s.fenceGuest(n, reason)
		return
	}
	if n.kind == kindRemote {
		conn := n.remoteRsc
		if conn != nil && !conn.managed {
			return
		}
		n.remoteReset = true
	}
	if !n.unclean || n.fenceReason == "" {
		if n.fenceReason == "" {
			n.fenceReason = reason
		}
	}
	n.unclean = true
	if priorityDelay {
		n.lost = true
	}
}

// processRscState is process_rsc_state: fencing implied by where a
// resource is active and by how its operations failed.
func (s *scheduler) processRscState(rh *rscHistory) {
	r, n := rh.r, rh.n
	if rh.role > roleStopped && !n.online && !n.maintenance && r.managed {
		fence := n.kind == kindGuest
		reason := r.id + " is thought to be active there"
		if s.cfg.fencingEnabled {
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
	switch onFail {
	case failFence:
		s.fenceNode(n, r.id+" failed there", false)
	case failBlock:
		r.managed = false
	case failRecover, failRestartContainer:
		if rh.role > roleStopped {
			r.failed = true
		}
	case failResetRemote:
		r.failed = true
		if s.cfg.fencingEnabled && r.isRemoteConn() {
			if rn := s.byName[r.remoteNode]; rn != nil && rn.kind == kindRemote && !rn.remoteFenced {
				s.fenceNode(rn, "remote connection is unrecoverable", false)
			}
		}
	}
	if rh.role > roleStopped {
		r.running = append(r.running, placement{node: n, role: rh.role, failed: rh.onFail != failIgnore})
		s.addPriority(r, n, rh, rh.onFail != failIgnore)
	}
}

// addPriority adds a running resource's priority to its node (and, for a
// guest node, to the guest's host), for priority-fencing-delay.
func (s *scheduler) addPriority(r *rsc, n *node, rh *rscHistory, failed bool) {
	if r.priority == 0 || failed {
		return
	}
	p := r.priority
	if rh.role == rolePromoted {
		p++
	}
	n.priority += p
	if n.remoteRsc != nil && n.remoteRsc.container != nil {
		for _, pl := range n.remoteRsc.container.running {
			pl.node.priority += p
		}
	}
}

func (s *scheduler) anyManaged() bool {
	for _, r := range s.top {
		if r.managed {
			return true
		}
	}
	return false
}

func (s *scheduler) result() *Result {
	res := &Result{Blocked: map[string][]string{}, Notes: s.notes}
	for _, a := range s.actions {
		a.Devices, a.Levels = s.devicesFor(a.Target)
		res.Actions = append(res.Actions, *a)
	}
	res.Edges = append(res.Edges, s.edges...)
	return res
}
