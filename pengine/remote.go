package pengine

import "github.com/executioner-ha/executioner/cib"

// remoteOnline is determine_remote_online_status.
func (s *scheduler) remoteOnline(n *node) {
	conn := n.remoteRsc
	if conn == nil {
		n.online = false
		return
	}
	c := conn.container
	var host *node
	if c != nil && len(conn.running) == 1 {
		host = conn.running[0].node
	}
	if conn.role == roleStarted {
		n.online = true
	}
	if conn.role == roleStarted && conn.stopped {
		n.shutdown = true
	}
	switch {
	case c != nil && c.failed:
		n.online = false
		n.remoteReset = true
	case conn.failed:
		n.online = false
	case conn.role == roleStopped || (c != nil && c.role == roleStopped):
		n.online = false
		n.remoteReset = false
	case host != nil && !host.online && host.unclean:
		n.online = false
		n.remoteReset = true
	}
}

// remoteAttrs applies a remote or guest node's transient attributes.
func (s *scheduler) remoteAttrs(n *node) {
	if n.state == nil {
		return
	}
	if !n.remoteReset {
		n.unclean, n.unseen = false, false
	}
	for k, v := range n.state.Attrs {
		n.attrs[k] = v
	}
	if sd := n.attrs["shutdown"]; sd != "" && sd != "0" {
		n.shutdown = true
	}
	if cib.IsTrue(n.attrs["standby"]) {
		n.standby = true
	}
	if cib.IsTrue(n.attrs["maintenance"]) || (n.remoteRsc != nil && !n.remoteRsc.managed) {
		n.maintenance = true // an unmanaged connection puts its node in maintenance
	}
}

// guestFenceable is pe_can_fence for a guest node: every host its
// launcher runs on is online or can itself be fenced.
func (s *scheduler) guestFenceable(n *node) bool {
	conn := n.remoteRsc
	if conn == nil || conn.container == nil {
		return false
	}
	for _, pl := range conn.container.running {
		h := pl.node
		if !h.online && !s.canFence(h) {
			return false
		}
	}
	return true
}

// fenceGuest marks a guest node for implied fencing through its launcher.
func (s *scheduler) fenceGuest(n *node, reason string) {
	conn := n.remoteRsc
	if conn == nil || conn.container == nil {
		return
	}
	c := conn.container
	if c.failed || !c.managed {
		return
	}
	n.remoteReset = true
	c.failed = true
	if n.fenceReason == "" {
		n.fenceReason = reason
	}
}

// fenceGuestPseudo schedules the pseudo fencing of a guest node
// (pcmk__fence_guest): reboot when its launcher will be started again,
// off otherwise, after its host's fencing when that fencing implies the
// launcher's stop.
//
// The launcher's stop must be runnable: an unmanaged launcher gets no
// pseudo fencing. The launcher restarts when it can start somewhere, and
// a guest's own launcher (not a bundle's container) that failed by itself
// is recovered with a start in any case.
func (s *scheduler) fenceGuestPseudo(n *node) {
	conn := n.remoteRsc
	action := cib.FenceOff
	var host *node
	if conn != nil && conn.container != nil {
		c := conn.container
		if !c.managed {
			return
		}
		if s.willStart(c) {
			action = cib.FenceReboot
		}
		// Pacemaker looks at the launcher's most recently created stop
		// (rsc.lastStop). The pseudo fencing can only happen once that stop
		// can: it is implied by the host's fencing, or it runs on a host
		// that is up.
		if host = c.lastStop(); host != nil {
			if !s.willFence(host) && (!host.online || host.pending) {
				return
			}
		}
	}
	a := s.fenceAction(n, action)
	if n.fenceReason == "" {
		a.Reason = "guest is unclean"
	}
	// The host's fencing implies the stop when the host was scheduled for
	// fencing before this guest (nodes are handled in name order); the
	// pseudo fencing then follows the host's.
	if host != nil {
		if h := s.findAction(host.name); h != nil && !h.Pseudo {
			s.order(h, a)
		}
	}
}

// willFence tells whether schedule_fencing fences n: a cluster or remote
// node that is unclean, or a guest being reset (its pseudo fencing implies
// the stops there too).
func (s *scheduler) willFence(n *node) bool {
	if !(s.anyManaged() || s.cfg.alwaysFenceFail) || !s.canFence(n) {
		return false
	}
	if n.kind == kindGuest {
		return n.remoteReset
	}
	return n.unclean
}

func (s *scheduler) findAction(target string) *Action {
	for _, a := range s.actions {
		if a.Target == target && a.Action != cib.FenceOn {
			return a
		}
	}
	return nil
}

// assignConnections is remote_connection_assigned: a remote node whose
// connection will run somewhere comes (or stays) online, and fencing that
// was only implied by resources thought active there is revoked.
func (s *scheduler) assignConnections() {
	for _, n := range s.nodes {
		if n.kind == kindGuest && n.remoteRsc != nil {
			// A guest comes (or stays) online when its connection, colocated
			// with its launcher, will run; else it is shutting down.
			if s.guestConnectionAssigned(n.remoteRsc) {
				n.online = true
			} else {
				n.shutdown = true
			}
			continue
		}
		if n.kind != kindRemote || n.remoteRsc == nil {
			continue
		}
		if s.connectionAssigned(n.remoteRsc) {
			n.online = true
			if n.unseen {
				n.unclean = false
			}
			continue
		}
		n.shutdown = true
		if !s.connectionFailed(n) {
			continue
		}
		switch {
		case !n.online && s.cfg.startupProbes: // pcmk__schedule_probes
			s.fenceNode(n, "the connection is unrecoverable", false)
		case s.activeOnNode(n):
			s.fenceNode(n, "resources are active but connection is unrecoverable", false)
		case s.needsProbe(n):
			s.fenceNode(n, "resources are in unknown state and the connection is unrecoverable", false)
		}
	}
}

// connectionAssigned tells whether a connection will run somewhere: an
// unmanaged one stays where it runs cleanly, a managed one needs a node.
func (s *scheduler) connectionAssigned(conn *rsc) bool {
	if !conn.managed {
		for _, pl := range conn.running {
			if pl.node.online && !pl.node.unclean {
				return true
			}
		}
		return false
	}
	return s.placeable(conn)
}

// guestConnectionAssigned tells whether a guest's connection will run:
// its launcher is assigned a node (an unmanaged one stays where it runs)
// and the connection itself may run.
func (s *scheduler) guestConnectionAssigned(conn *rsc) bool {
	c := conn.container
	if c == nil || conn.stopped || conn.banAll || roleFromString(conn.meta["target-role"]) == roleStopped {
		return false
	}
	if !conn.managed && len(conn.running) == 0 {
		return false
	}
	if !c.managed {
		// The connection must be assigned the launcher's node.
		return len(c.running) > 0 && (!conn.managed || canRunResources(c.running[0].node))
	}
	if conn.bundled && conn.managed {
		// A bundle's connection is only preferably with its container
		// (pe_rsc_allow_remote_remotes): it is assigned a node even when
		// the container cannot start.
		return s.placeable(conn)
	}
	return s.placeable(c)
}

// connectionFailed is get_remote_node_state's "failed" for a connection
// that will not run anywhere: its current node is unclean, or it failed
// (unless a reconnect interval still has to expire after fencing).
func (s *scheduler) connectionFailed(n *node) bool {
	conn := n.remoteRsc
	if cur := s.currentNode(conn); cur != nil && cur.unclean {
		return true
	}
	if !conn.failed {
		return false
	}
	return !(conn.stopped && conn.reconnect && n.remoteFenced && !n.shutdownRequested())
}

// activeOnNode: some resource is active on n, so a stop is scheduled
// there (even an unmanaged resource gets one, unrunnable).
func (s *scheduler) activeOnNode(n *node) bool {
	for _, r := range s.all {
		for _, pl := range r.running {
			if pl.node == n {
				return true
			}
		}
	}
	return false
}

// needsProbe: some resource would be probed on the remote node n.
func (s *scheduler) needsProbe(n *node) bool {
	known := s.knownOn(n)
	for _, r := range s.all {
		if s.wouldProbe(r, n, known) {
			return true
		}
	}
	return false
}

// currentNode is pe__current_node: the first node r is active on, except
// that a resource whose start does not need fencing (a remote connection)
// is current on the first clean node it is active on, if any.
func (s *scheduler) currentNode(r *rsc) *node {
	if len(r.running) == 0 {
		return nil
	}
	if s.requires(r) < reqFencing {
		for _, pl := range r.running {
			if pl.node.online && !pl.node.unclean {
				return pl.node
			}
		}
	}
	return r.running[0].node
}
