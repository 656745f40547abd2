package pengine

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// unfencingEnabled tells whether any resource needs unfencing: a fencing
// device that provides=unfencing, or a resource with requires=unfencing.
func (s *scheduler) unfencingEnabled() bool {
	if !s.cfg.fencingEnabled {
		return false
	}
	found := false
	for _, cr := range s.m.Resources {
		cr.Walk(func(r, _ *cib.Resource) {
			if strings.EqualFold(r.Class, "stonith") && (strings.EqualFold(r.Meta["provides"], "unfencing") ||
				strings.EqualFold(r.Instance["provides"], "unfencing")) {
				found = true
			}
		})
	}
	for _, r := range s.all {
		if !r.fenceDevice && strings.EqualFold(r.meta["requires"], "unfencing") {
			found = true
		}
	}
	return found
}

// needsUnfencing tells whether starting r on a node needs the node
// unfenced first: fencing devices do when unfencing is in use, and so do
// resources whose requires is (or defaults to) unfencing.
func (s *scheduler) needsUnfencing(r *rsc) bool {
	if r.fenceDevice {
		return true
	}
	v := strings.ToLower(r.meta["requires"])
	switch v {
	case "unfencing":
		return true
	case "nothing", "quorum", "fencing":
		return false
	}
	return !r.isRemoteConn()
}

// scheduleUnfencing adds the "on" actions (trigger_unfencing): for every
// online, clean node that is not unfenced yet and where a device or a
// resource needing unfencing is about to be probed, and for every node
// where a device's definition changed.
func (s *scheduler) scheduleUnfencing() {
	if !s.unfencingEnabled() {
		return
	}
	for _, n := range s.nodes {
		if !n.online || n.unclean || n.shutdown || n.kind == kindGuest || !s.canFence(n) {
			continue
		}
		reason := ""
		if s.definitionChanged(n) {
			reason = "device definition changed"
		} else if s.deviceParamsChanged(n) {
			reason = "device parameters changed"
		} else if !nodeUnfenced(n) && s.probeNeedsUnfencing(n) {
			reason = "required by a probe"
		} else if !nodeUnfenced(n) && s.startNeedsUnfencing(n) {
			reason = "required by a start"
		}
		if reason != "" {
			a := s.fenceAction(n, cib.FenceOn)
			a.Reason = reason
		}
	}
}

func nodeUnfenced(n *node) bool {
	v, ok := n.attrs["#node-unfenced"]
	return ok && v != "0"
}

// probeNeedsUnfencing: some device or resource needing unfencing would
// be probed on n.
func (s *scheduler) probeNeedsUnfencing(n *node) bool {
	known := s.knownOn(n)
	for _, r := range s.all {
		if s.needsUnfencing(r) && s.wouldProbe(r, n, known) {
			return true
		}
	}
	return false
}

// startNeedsUnfencing: some device or resource needing unfencing will be
// (or stay) started on n. The scheduler orders every start, even the
// optional one of a resource staying where it runs, after the node's
// unfencing. Without placing resources, the engine counts a resource that
// runs on n and can stay, and a clone's instance on any node that can
// host it.
func (s *scheduler) startNeedsUnfencing(n *node) bool {
	for _, r := range s.all {
		if r.kind != cib.KindPrimitive || r.orphan || !s.needsUnfencing(r) || !r.managed || r.stopped {
			continue
		}
		if roleFromString(r.meta["target-role"]) == roleStopped || !s.canHost(r, n) {
			continue
		}
		if r.runsOn(n) && !r.failed {
			return true
		}
		if c := r.parent; c != nil && c.kind == cib.KindClone {
			return true
		}
	}
	return false
}

// definitionChanged: a device recorded on n with another class, provider
// or type than configured.
func (s *scheduler) definitionChanged(n *node) bool {
	if n.state == nil {
		return false
	}
	for i := range n.state.History {
		h := &n.state.History[i]
		r := s.rscByID[h.ID]
		if r == nil || !r.fenceDevice {
			continue
		}
		if h.Class != r.class || h.Type != r.typ || h.Provider != r.provider {
			return true
		}
	}
	return false
}

// deviceParamsChanged: a device active on n has a start or probe recorded
// with another parameter digest than its current configuration gives.
func (s *scheduler) deviceParamsChanged(n *node) bool {
	if n.state == nil {
		return false
	}
	for i := range n.state.History {
		h := &n.state.History[i]
		r := s.rscByID[h.ID]
		if r == nil || !r.fenceDevice || !r.runsOn(n) {
			continue
		}
		want := paramDigest(s.instanceAttrs(r))
		for _, op := range activeOps(sortOps(h.Ops)) {
			if op.IntervalMS != 0 || op.Digest == "" || (op.Operation != "start" && op.Operation != "monitor") {
				continue
			}
			if op.Digest != want {
				return true
			}
		}
	}
	return false
}

func (r *rsc) runsOn(n *node) bool {
	for _, pl := range r.running {
		if pl.node == n {
			return true
		}
	}
	return false
}

// instanceAttrs returns the instance attributes of the first primitive
// (in document order) with r's id; the map is built on the first call.
func (s *scheduler) instanceAttrs(r *rsc) map[string]string {
	if s.instances == nil {
		s.instances = map[string]map[string]string{}
		for _, cr := range s.m.Resources {
			cr.Walk(func(c, _ *cib.Resource) {
				if _, seen := s.instances[c.ID]; c.Kind == cib.KindPrimitive && !seen {
					s.instances[c.ID] = c.Instance
				}
			})
		}
	}
	return s.instances[r.id]
}

// activeOps keeps the operations since the last start (calculate_active_ops),
// or none when the last stop is newer.
func activeOps(ops []cib.OpRecord) []cib.OpRecord {
	start, stop, implied, impliedClone := -1, -1, -1, -1
	for i, op := range ops {
		switch {
		case op.Operation == "stop" && op.OpStatus == 0 && op.HasOpStatus:
			stop = i
		case op.Operation == "start" || op.Operation == "migrate_from":
			start = i
		case implied <= stop && op.Operation == "monitor" && (op.RC == 0 || op.RC == 8):
			implied = i
		case op.Operation == "promote" || op.Operation == "demote":
			impliedClone = i
		}
	}
	if start == -1 {
		if impliedClone != -1 {
			start = impliedClone
		} else {
			start = implied
		}
	}
	if start < stop {
		return nil
	}
	return ops[max(start, 0):]
}

// paramDigest is Pacemaker's operation digest (version 2) of a parameter
// set: the MD5 of " <parameters name=\"value\" .../>\n", names sorted.
func paramDigest(params map[string]string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		if !strings.HasPrefix(strings.ToLower(k), "crm_meta") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(" <parameters")
	for _, k := range names {
		b.WriteString(" " + k + "=\"" + escapeAttr(params[k]) + "\"")
	}
	b.WriteString("/>\n")
	sum := md5.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

func escapeAttr(v string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
	return r.Replace(v)
}
