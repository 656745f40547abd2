package pengine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// Live migrations in the history (unpack_migrate_to_success,
// unpack_migrate_to_failure, unpack_migrate_from_failure): a migration
// begun but not finished leaves the resource possibly active on both
// nodes, or failed.

// migrateToSuccess: a completed migrate_to with a completed migrate_from
// on the target is a dangling migration (stopped here); one whose target
// failed or never ran migrate_from leaves the resource active on the
// target too when that is up, else failed.
func (s *scheduler) migrateToSuccess(rh *rscHistory, op cib.OpRecord) {
	r, source, target := rh.r, op.MigrateSource, op.MigrateTarget
	if source == "" || target == "" || source != rh.n.name {
		return
	}
	sourceNewer := s.nonMonitorAfter(rh.hid, source, op, true)
	from, haveFrom := s.findLrmOp(rh.hid, "migrate_from", target, source, -1)
	if sourceNewer && haveFrom {
		return
	}
	var fromPtr *cib.OpRecord
	if haveFrom {
		fromPtr = &from
	}
	targetNewer := s.newerStateAfterMigrate(rh.hid, target, &op, fromPtr)
	if sourceNewer && targetNewer {
		return
	}
	rh.role = roleStarted
	tn := s.byName[target]
	switch {
	case haveFrom && from.RC == ocfOK && from.OpStatus == execDone:
		rh.role = roleStopped // dangling: only the stop on the source is left
		r.dangling = slices.Insert(r.dangling, 0, rh.n)
	case haveFrom && from.OpStatus != execPending:
		if !targetNewer && tn != nil && tn.online {
			s.addRunning(r, tn, roleStarted, true)
		} else {
			r.failed, r.failedHere = true, true
		}
	default:
		if !targetNewer && tn != nil && tn.online {
			s.addRunning(r, tn, roleStarted, false)
		} else if !sourceNewer {
			r.failed, r.failedHere = true, true
		}
	}
}

// migration says which half of a live migration failed: the migrate_to,
// run on the source, or the migrate_from, run on the target.
type migration int

const (
	migrateTo migration = iota
	migrateFrom
)

// migrationFailure is unpack_migrate_to_failure and
// unpack_migrate_from_failure, mirror images of each other: a failed
// migrate_to (on the source) or migrate_from (on the target) leaves the
// resource active here, and on the other node of the migration too when
// that node has a record of it, no newer state than the migration, and is
// up. The other half is looked up there only when it succeeded. A
// resource left on the target after a failed migrate_to is not failed
// there; one left on the source after a failed migrate_from is.
func (s *scheduler) migrationFailure(rh *rscHistory, op cib.OpRecord, dir migration) {
	here, peer, otherTask := op.MigrateSource, op.MigrateTarget, "migrate_from"
	if dir == migrateFrom {
		here, peer, otherTask = op.MigrateTarget, op.MigrateSource, "migrate_to"
	}
	if op.MigrateSource == "" || op.MigrateTarget == "" || here != rh.n.name {
		return
	}
	rh.role = roleStarted
	other, haveOther := s.findLrmOp(rh.hid, otherTask, peer, here, ocfOK)
	var otherPtr *cib.OpRecord
	if haveOther {
		otherPtr = &other
	}
	to, from := &op, otherPtr
	if dir == migrateFrom {
		to, from = otherPtr, &op
	}
	if s.unknownOnNode(rh.hid, peer) || s.newerStateAfterMigrate(rh.hid, peer, to, from) {
		// The migrate_to still matters for the source unless a start,
		// stop or migration ran there since: a dangling migration.
		if dir == migrateTo && !s.nonMonitorAfter(rh.hid, here, op, true) {
			rh.r.dangling = slices.Insert(rh.r.dangling, 0, rh.n)
		}
		return
	}
	if pn := s.byName[peer]; pn != nil && pn.online {
		s.addRunning(rh.r, pn, roleStarted, dir == migrateFrom)
	}
}

// lrmResource is find_lrm_resource: the history entry for an id on a
// node.
func (s *scheduler) lrmResource(id, nodeName string) *cib.ResourceHistory {
	for i := range s.m.NodeStates {
		st := &s.m.NodeStates[i]
		if st.Uname != nodeName {
			continue
		}
		for j := range st.History {
			if st.History[j].ID == id {
				return &st.History[j]
			}
		}
	}
	return nil
}

// findLrmOp is find_lrm_op: the first recorded operation named task for
// id on a node (a migrate_to to, or a migrate_from from, the other node),
// and with targetRC >= 0 only if it completed with that result.
func (s *scheduler) findLrmOp(id, task, nodeName, other string, targetRC int) (cib.OpRecord, bool) {
	h := s.lrmResource(id, nodeName)
	if h == nil {
		return cib.OpRecord{}, false
	}
	for _, o := range h.Ops {
		if o.Operation != task {
			continue
		}
		if task == "migrate_to" && o.MigrateTarget != other {
			continue
		}
		if task == "migrate_from" && o.MigrateSource != other {
			continue
		}
		if targetRC >= 0 && (o.RC != targetRC || o.OpStatus != execDone) {
			return cib.OpRecord{}, false
		}
		return o, true
	}
	return cib.OpRecord{}, false
}

// unknownOnNode: id has no recorded operation on the node.
func (s *scheduler) unknownOnNode(id, nodeName string) bool {
	h := s.lrmResource(id, nodeName)
	return h == nil || len(h.Ops) == 0
}

// nonMonitorAfter: a start, stop or migration of id on the node is newer
// than op.
func (s *scheduler) nonMonitorAfter(id, nodeName string, op cib.OpRecord, sameNode bool) bool {
	h := s.lrmResource(id, nodeName)
	if h == nil {
		return false
	}
	for _, o := range h.Ops {
		if o == op {
			continue
		}
		switch o.Operation {
		case "start", "stop", "migrate_to", "migrate_from":
			if isNewerOp(o, op, sameNode) > 0 {
				return true
			}
		}
	}
	return false
}

// newerStateAfterMigrate: the node has a newer non-monitor operation, or
// a newer monitor that found the resource stopped, than the migration.
func (s *scheduler) newerStateAfterMigrate(id, nodeName string, to, from *cib.OpRecord) bool {
	ref := to
	if from != nil {
		ref = from
	}
	if ref == nil {
		return false
	}
	sameNode := false
	switch {
	case strings.EqualFold(nodeName, ref.MigrateTarget):
		if from != nil {
			ref, sameNode = from, true
		} else {
			ref = to
		}
	case strings.EqualFold(nodeName, ref.MigrateSource):
		if to != nil {
			ref, sameNode = to, true
		} else {
			ref = from
		}
	}
	if ref == nil {
		return false
	}
	if s.nonMonitorAfter(id, nodeName, *ref, sameNode) {
		return true
	}
	mon, ok := s.findLrmOp(id, "monitor", nodeName, "", ocfNotRunning)
	return ok && isNewerOp(mon, *ref, sameNode) > 0
}

// isNewerOp is pe__is_newer_op: 1 when a is newer than b, -1 when older,
// 0 when it cannot tell.
func isNewerOp(a, b cib.OpRecord, sameNodeDefault bool) int {
	sameNode := sameNodeDefault
	if a.OnNode != "" && b.OnNode != "" {
		sameNode = strings.EqualFold(a.OnNode, b.OnNode)
	}
	switch {
	case sameNode && a.ID == b.ID:
		return 0
	case a.CallID == -1 && b.CallID == -1:
		return 0
	case sameNode && a.CallID >= 0 && a.CallID < b.CallID:
		return -1
	case sameNode && b.CallID >= 0 && a.CallID > b.CallID:
		return 1
	case a.CallID >= 0 && b.CallID >= 0 && (!sameNode || a.CallID == b.CallID):
		la, lb := int64(-1), int64(-1)
		if a.HasLastRCChange {
			la = a.LastRCChange
		}
		if b.HasLastRCChange {
			lb = b.LastRCChange
		}
		switch {
		case la >= 0 && la < lb:
			return -1
		case lb >= 0 && la > lb:
			return 1
		}
		return 0
	}
	au, aid, aok := magicTransition(a.TransitionMagic)
	bu, bid, bok := magicTransition(b.TransitionMagic)
	if !aok || !bok {
		return 0
	}
	switch {
	case !strings.EqualFold(au, bu) || aid == bid:
		if b.CallID == -1 {
			return -1
		} else if a.CallID == -1 {
			return 1
		}
	case (aid >= 0 && aid < bid) || bid == -1:
		return -1
	case (bid >= 0 && aid > bid) || aid == -1:
		return 1
	}
	return 0
}

// magicTransition reads the transition uuid and number of a
// transition-magic ("status:rc;action:transition:target-rc:uuid").
func magicTransition(magic string) (string, int, bool) {
	_, key, ok := strings.Cut(magic, ";")
	if !ok {
		return "", 0, false
	}
	parts := strings.Split(key, ":")
	if len(parts) != 4 {
		return "", 0, false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return "", 0, false
	}
	return parts[3], n, true
}
