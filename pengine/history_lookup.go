package pengine

import (
	"sort"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// findHistoryRsc maps an lrm_resource id to a configured resource,
// stripping a clone instance suffix, or creates an orphan.
func (s *scheduler) findHistoryRsc(h *cib.ResourceHistory) *rsc {
	if r := s.rscByID[h.ID]; r != nil {
		return r
	}
	if i := strings.LastIndexByte(h.ID, ':'); i > 0 {
		if r := s.rscByID[h.ID[:i]]; r != nil {
			return r
		}
	}
	r := s.orphans[h.ID]
	if r == nil {
		r = &rsc{id: h.ID, kind: cib.KindPrimitive, class: h.Class, provider: h.Provider, typ: h.Type,
			orphan: true, meta: map[string]string{}}
		s.inheritMeta(r)
		if r.fenceDevice {
			s.haveDevice = true // an orphaned device still counts (common_unpack)
		}
		if !s.cfg.stopOrphans {
			r.managed = false
		}
		s.orphans[h.ID] = r
		s.all = append(s.all, r)
		s.top = append(s.top, r)
		if strings.EqualFold(h.Class, "ocf") && strings.EqualFold(h.Provider, "pacemaker") && strings.EqualFold(h.Type, "remote") {
			s.orphanConnection(r, h.Container)
		}
	}
	return r
}

// orphanConnection: the history of a remote connection that is no longer
// configured still defines its node, which is shutting down: a guest node
// when the history names the connection's launcher, else a remote node.
func (s *scheduler) orphanConnection(r *rsc, container string) {
	r.remoteNode = r.id
	kind := kindRemote
	if container != "" {
		kind = kindGuest
		r.container = s.rscByID[container]
		if r.container == nil {
			r.container = s.orphans[container]
		}
		if r.container == nil {
			r.pendingContainer = container
		}
	}
	n := s.byName[r.id]
	if n != nil && n.kind != kindRemote && n.kind != kindGuest {
		return
	}
	if n == nil {
		n = &node{id: r.id, name: r.id, kind: kind, attrs: map[string]string{}}
		// The connection's launcher is not known yet when the node is
		// linked, so even a guest starts out unseen.
		s.startupFencing(n)
		s.addNode(n)
		s.sortNodes()
		for i := range s.m.NodeStates {
			st := &s.m.NodeStates[i]
			if st.Uname == r.id && st.ID != "" && n.state == nil {
				n.state = st
				n.remoteFenced = st.NodeFenced != "" && st.NodeFenced != "0"
			}
		}
		s.statusOrder = nil
	}
	n.remoteRsc = r
	n.shutdown = true
}

// sortOps orders history by call id, pending operations last; equal call
// ids by last-rc-change. Like Pacemaker, it starts from the entries in
// reverse document order and keeps entries with the same id in that order.
// It returns pointers to the records (a record is 300 bytes, and a large
// cluster has millions).
//
// The order does not compare duplicates, so it is not a strict one and
// the algorithm must stay sort.SliceStable's; a short history already in
// order (the common case), which its insertion pass would leave as it is,
// is not sorted at all.
func sortOps(ops []cib.OpRecord) []*cib.OpRecord {
	n := len(ops)
	out := make([]*cib.OpRecord, n)
	for i := range out {
		out[i] = &ops[n-1-i]
	}
	inOrder := n <= stableBlock
	for i := 1; i < n && inOrder; i++ {
		inOrder = !opBefore(out[i], out[i-1])
	}
	if !inOrder {
		sort.SliceStable(out, func(i, j int) bool { return opBefore(out[i], out[j]) })
	}
	return out
}

// stableBlock is the length up to which sort.SliceStable sorts by
// insertion alone (its block size).
const stableBlock = 20

// opBefore is sortOps' order.
func opBefore(a, b *cib.OpRecord) bool {
	if a.ID == b.ID {
		return false // duplicate entries compare equal, as in Pacemaker
	}
	if a.CallID < 0 || b.CallID < 0 {
		return a.CallID >= 0 && b.CallID < 0
	}
	if a.CallID != b.CallID {
		return a.CallID < b.CallID
	}
	return a.LastRCChange >= 0 && a.LastRCChange < b.LastRCChange
}
