package pengine

import (
	"sort"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// Node kinds.
const (
	kindMember = iota
	kindRemote
	kindGuest
	kindPing
)

// node is the engine's working state of one node.
type node struct {
	id, name    string
	kind        int
	attrs       map[string]string
	utilization map[string]string
	online      bool
	unclean     bool
	unseen      bool
	pending     bool
	standby     bool
	shutdown    bool
	maintenance bool
	expectedUp  bool
	dc          bool
	// fenceReason is the first reason the node was marked for fencing;
	// lost tells whether priority-fencing-delay applies.
	fenceReason string
	lost        bool
	priority    int
	// remoteRsc is the connection resource of a remote or guest node.
	remoteRsc    *rsc
	remoteFenced bool
	remoteReset  bool
	state        *cib.NodeState
	historyDone  bool
}

// cmpNodeName orders names naturally: digit runs compare as numbers,
// everything else case-insensitively (Pacemaker's sort_node_uname).
func cmpNodeName(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			ea, eb := digitRun(a), digitRun(b)
			na, nb := strings.TrimLeft(a[:ea], "0"), strings.TrimLeft(b[:eb], "0")
			if c := cmpNumber(na, nb); c != 0 {
				return c
			}
			if ea != eb {
				return cmpInt(ea, eb)
			}
			a, b = a[ea:], b[eb:]
			continue
		}
		la, lb := lower(a[0]), lower(b[0])
		if la != lb {
			return cmpInt(int(la), int(lb))
		}
		a, b = a[1:], b[1:]
	}
	return cmpInt(len(a), len(b))
}

func cmpNumber(a, b string) int {
	if len(a) != len(b) {
		return cmpInt(len(a), len(b))
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// addNode registers a node, keeping s.nodes in natural name order.
func (s *scheduler) addNode(n *node) {
	s.nodes = append(s.nodes, n)
	if n.name != "" {
		if _, ok := s.byName[n.name]; !ok {
			s.byName[n.name] = n
		}
	}
	if n.id != "" {
		if _, ok := s.byID[n.id]; !ok {
			s.byID[n.id] = n
		}
	}
}

func (s *scheduler) sortNodes() {
	sort.SliceStable(s.nodes, func(i, j int) bool { return cmpNodeName(s.nodes[i].name, s.nodes[j].name) < 0 })
}

// findNode looks a node up by id first, then by name.
func (s *scheduler) findNode(id, name string) *node {
	if n := s.byID[id]; n != nil && id != "" {
		return n
	}
	if name != "" {
		return s.byName[name]
	}
	return nil
}

// unpackNodes reads the configured nodes and applies startup fencing.
func (s *scheduler) unpackNodes() {
	for _, cn := range s.m.Nodes {
		if cn.ID == "" || cn.Uname == "" {
			continue
		}
		if s.findNode(cn.ID, cn.Uname) != nil {
			continue
		}
		n := &node{id: cn.ID, name: cn.Uname, attrs: map[string]string{}}
		switch strings.ToLower(cn.Type) {
		case "", "member":
		case "remote":
			n.kind = kindRemote
		default:
			n.kind = kindPing
		}
		for k, v := range cn.Attrs {
			n.attrs[k] = v
		}
		n.utilization = cn.Utilization
		if n.kind != kindRemote {
			s.startupFencing(n)
		}
		n.standby = cib.IsTrue(n.attrs["standby"])
		n.maintenance = cib.IsTrue(n.attrs["maintenance"])
		n.dc = s.m.DCUUID != "" && n.id == s.m.DCUUID
		s.addNode(n)
	}
}

// unpackNodeStates gives every cluster node with a status entry its
// online state.
func (s *scheduler) unpackNodeStates() {
	for i := range s.m.NodeStates {
		st := &s.m.NodeStates[i]
		if st.ID == "" || st.Uname == "" {
			continue
		}
		n := s.findNode(st.ID, st.Uname)
		if n == nil || n.state != nil {
			continue
		}
		n.state = st
		if n.kind == kindRemote || n.kind == kindGuest {
			n.remoteFenced = st.NodeFenced != "" && st.NodeFenced != "0"
			continue
		}
		for k, v := range st.Attrs {
			n.attrs[k] = v
		}
		if cib.IsTrue(n.attrs["standby"]) {
			n.standby = true
		}
		if cib.IsTrue(n.attrs["maintenance"]) {
			n.maintenance = true
		}
		n.unclean, n.unseen = false, false
		s.determineOnline(n, st)
		if !s.cfg.haveQuorum && n.online && s.cfg.noQuorum == nqFence {
			s.fenceNode(n, "cluster does not have quorum", false)
		}
	}
}

func (s *scheduler) determineOnline(n *node, st *cib.NodeState) {
	if sd := n.attrs["shutdown"]; sd != "" && sd != "0" {
		n.shutdown = true
	} else if strings.EqualFold(st.Expected, "member") {
		n.expectedUp = true
	}
	switch {
	case n.kind == kindPing:
		n.unclean, n.online = false, false
	case s.cfg.fencingEnabled:
		n.online = s.onlineFencing(n, st)
	default:
		n.online = s.onlineNoFencing(n, st)
	}
}

// membership reads in_ccm and crmd. Pacemaker 2.1.5 writes and reads
// booleans (an epoch time is neither true nor "online"); a CIB written by
// 2.1.7 or later records epoch times, read as such.
func (s *scheduler) membership(st *cib.NodeState) (inCCM, crmdOnline bool) {
	if s.m.EpochMembership() {
		if st.InCCM != nil {
			inCCM, _ = cib.Membership(*st.InCCM)
		}
		crmdOnline, _ = cib.Membership(st.Crmd)
		return inCCM, crmdOnline
	}
	return st.InCCM != nil && cib.IsTrue(*st.InCCM), strings.EqualFold(st.Crmd, "online")
}

func (s *scheduler) onlineNoFencing(n *node, st *cib.NodeState) bool {
	inCCM, crmdOnline := s.membership(st)
	switch {
	case !inCCM:
		return false
	case crmdOnline:
		return strings.EqualFold(st.Join, "member")
	case !n.expectedUp:
		return false
	}
	s.fenceNode(n, "peer is unexpectedly down", false)
	return false
}

// onlineFencing is determine_online_status_fencing of Pacemaker 2.1.5.
// A node starts out online when in_ccm is true; only the shutdown,
// just-shot and lost cases change that, so a node whose controller died
// is online and unclean.
func (s *scheduler) onlineFencing(n *node, st *cib.NodeState) bool {
	terminate := terminateRequested(n.attrs["terminate"])
	inCCM, crmdOnline := s.membership(st)
	exp := st.Expected
	if exp == "" {
		exp = "down"
	}
	join := strings.ToLower(st.Join)
	online := inCCM
	switch {
	case n.shutdown:
		online = crmdOnline
	case st.InCCM == nil:
		s.fenceNode(n, "peer has not been seen by the cluster", false)
	case join == "banned":
		s.fenceNode(n, "peer failed Pacemaker membership criteria", false)
	case !terminate && strings.EqualFold(exp, "down"):
		if inCCM || crmdOnline {
			n.standby, n.pending = true, true
		}
	case terminate && join == "down" && !inCCM && !crmdOnline:
		online = false
	case !inCCM:
		s.fenceNode(n, "peer is no longer part of the cluster", true)
	case !crmdOnline:
		s.fenceNode(n, "peer process is no longer available", false)
	case terminate:
		s.fenceNode(n, "termination was requested", false)
	case join == "member":
	case join == "pending" || join == "down":
		n.standby, n.pending = true, true
	default:
		s.fenceNode(n, "peer was in an unknown state", false)
	}
	return online
}

// terminateRequested reads the terminate attribute: a true value, or
// something starting with a non-zero digit (an epoch time).
func terminateRequested(v string) bool {
	if cib.IsTrue(v) {
		return true
	}
	return v != "" && v[0] >= '1' && v[0] <= '9'
}

// shutdownRequested: the shutdown attribute is set and not 0.
func (n *node) shutdownRequested() bool {
	v := n.attrs["shutdown"]
	return v != "" && v != "0"
}
