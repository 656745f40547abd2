package pengine

// unpackRemoteHistory replays the history of remote and guest nodes once
// their connections are known, and sets their online state.
func (s *scheduler) unpackRemoteHistory() {
	for _, n := range s.nodes {
		if n.kind != kindRemote && n.kind != kindGuest {
			continue
		}
		s.remoteOnline(n)
		if n.online || s.cfg.fencingEnabled || n.kind == kindGuest {
			s.unpackHistory(n)
		}
	}
}

// remoteOnline is determine_remote_online_status.
func (s *scheduler) remoteOnline(n *node) {
	conn := n.remoteRsc
	if conn == nil {
		return
	}
	n.online = len(conn.running) > 0 && !conn.failed
	if n.kind == kindGuest && conn.container != nil {
		c := conn.container
		if c.failed {
			n.online = false
			n.remoteReset = true
		} else if len(c.running) > 0 {
			host := c.running[0].node
			if !host.online && host.unclean {
				n.online = false
				n.remoteReset = true
			}
		}
	}
	if n.remoteFenced {
		n.online = false
	}
}

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
	if conn == nil || conn.container == nil || !conn.container.managed {
		return
	}
	conn.container.failed = true
	n.remoteReset = true
	if n.fenceReason == "" {
		n.fenceReason = reason
	}
}

// fenceGuestPseudo schedules the pseudo fencing of a guest node, after its
// host's fencing when that host is being fenced.
func (s *scheduler) fenceGuestPseudo(n *node) {
	a := s.fenceAction(n, ActionReboot)
	conn := n.remoteRsc
	if conn == nil || conn.container == nil {
		return
	}
	for _, pl := range conn.container.running {
		for _, h := range s.actions {
			if h.Target == pl.node.name && !h.Pseudo && h.Action != ActionOn {
				s.order(h, a)
			}
		}
	}
}

// expandBundle creates a bundle's implicit resources (stub).
func (s *scheduler) expandBundle(r *rsc, cr any) {}
