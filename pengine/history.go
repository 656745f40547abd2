package pengine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// on-fail handling, least to most severe (Pacemaker's enum order).
const (
	failIgnore = iota
	failDemote
	failRecover
	failResetRemote
	failRestartContainer
	failMigrate
	failBlock
	failStop
	failStandby
	failFence
)

// Executor operation status codes (op-status).
const (
	execPending      = -1
	execDone         = 0
	execCancelled    = 1
	execTimeout      = 2
	execNotSupported = 3
	execError        = 4
	execErrorHard    = 5
	execErrorFatal   = 6
	execNotInstalled = 7
	execNotConnected = 8
	execInvalid      = 9
)

// OCF exit codes that matter for state.
const (
	ocfOK             = 0
	ocfNotRunning     = 7
	ocfRunningPromote = 8
	ocfFailedPromoted = 9
	ocfDegraded       = 190
	ocfDegradedPromo  = 191
)

// rscHistory is the state being built from one resource's history on one
// node.
type rscHistory struct {
	r      *rsc
	n      *node
	role   int
	onFail int
	ops    []cib.OpRecord
	// lastFailure is the key of the last failed operation.
	lastFailure string
}

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
func sortOps(ops []cib.OpRecord) []cib.OpRecord {
	out := make([]cib.OpRecord, len(ops))
	for i, o := range ops {
		out[len(ops)-1-i] = o
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
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
	})
	return out
}

// unpackHistory replays the history of one node (unpack_node_lrm).
func (s *scheduler) unpackHistory(n *node) {
	if n.state == nil || n.historyDone {
		return
	}
	n.historyDone = true
	for i := range n.state.History {
		h := &n.state.History[i]
		if len(h.Ops) == 0 {
			continue
		}
		r := s.findHistoryRsc(h)
		rh := &rscHistory{r: r, n: n, role: roleUnknown, ops: sortOps(h.Ops)}
		for _, op := range rh.ops {
			s.unpackOp(rh, op)
		}
		s.processRscState(rh)
		if rh.role > r.role {
			r.role = rh.role
		}
	}
	// Map orphaned connections to launchers found later in this history.
	for _, r := range s.orphans {
		if r.pendingContainer != "" {
			if c := s.orphans[r.pendingContainer]; c != nil {
				r.container, r.pendingContainer = c, ""
			}
		}
	}
}

// setActive is set_active: a promotable clone's instance is unpromoted,
// anything else started.
func (rh *rscHistory) setActive() {
	if rh.r.top().promotable {
		rh.role = roleUnpromoted
	} else {
		rh.role = roleStarted
	}
}

func isProbe(op cib.OpRecord) bool {
	return op.Operation == "monitor" && op.IntervalMS == 0
}

// unpackOp applies one operation to the resource's state on the node
// (unpack_rsc_op).
func (s *scheduler) unpackOp(rh *rscHistory, op cib.OpRecord) {
	task := op.Operation
	if task == "" || task == "notify" || task == "meta-data" {
		return
	}
	status, rc := op.OpStatus, op.RC
	if !op.HasOpStatus {
		status = 0
	}
	if !op.HasRC {
		rc = 0
	}
	if status < execPending || status > 11 {
		return
	}
	target := op.TargetRC()
	expired := status != execNotInstalled && s.expired(rh, op, rc)
	oldRC := rc
	rc, status = s.remap(rh, op, target, rc, status)
	maskable := !rh.r.bundled && maskProbeFailure(op)
	if expired && maskable && oldRC != target {
		if rh.role <= roleStopped {
			rh.role = roleUnknown
		}
		return
	}
	if expired && rc != target && (op.IntervalMS == 0 || (rh.n.online && !rh.n.unclean)) {
		return
	}
	if maskable {
		s.updateState(rh, op, target)
		return
	}
	switch status {
	case execCancelled:
		return
	case execPending:
		switch task {
		case "start":
			rh.setActive()
		case "promote":
			rh.role = rolePromoted
		}
		return
	case execDone:
		s.updateState(rh, op, rc)
		return
	case execNotInstalled:
		if s.onFailFor(rh.r, op) == failIgnore {
			rh.onFail = failMigrate
		}
		rh.r.hardErrorTarget().banFrom(rh.n)
		s.opFailure(rh, op, rc)
		return
	case execNotConnected:
		if conn := rh.n.remoteRsc; conn != nil && conn.managed {
			conn.failed = true
		}
	}
	of := s.onFailFor(rh.r, op)
	if of == failIgnore || (of == failRestartContainer && task == "stop") {
		s.updateState(rh, op, target)
		if of == failRestartContainer && rh.onFail <= failRecover {
			rh.onFail = of
		}
		return
	}
	s.opFailure(rh, op, rc)
	if status == execErrorHard {
		rh.r.hardErrorTarget().banFrom(rh.n)
	}
}

// maskProbeFailure: a probe that found the agent missing or misconfigured
// counts as "not running".
func maskProbeFailure(op cib.OpRecord) bool {
	return isProbe(op) && (op.RC == 5 || op.RC == 2 || op.OpStatus == execNotInstalled)
}

// effectiveRC maps the informational monitor results to plain ones.
func effectiveRC(rc int) int {
	switch rc {
	case ocfDegraded:
		return ocfOK
	case ocfDegradedPromo:
		return ocfRunningPromote
	}
	return rc
}

// remap is remap_operation: decide from the expected result whether a
// completed operation failed, and note the role it reveals.
func (s *scheduler) remap(rh *rscHistory, op cib.OpRecord, target, rc, status int) (int, int) {
	if op.Operation == "monitor" {
		rc = effectiveRC(rc)
	}
	if !rh.r.bundled && maskProbeFailure(op) {
		status, rc = execDone, ocfNotRunning
	}
	if status != execDone && status != execError {
		return rc, status
	}
	probe := isProbe(op)
	status = execDone
	if target < 0 || target != rc {
		status = execError
	}
	switch rc {
	case ocfOK:
		if probe && target == ocfNotRunning {
			status = execDone
		}
	case ocfNotRunning:
		if probe || target == rc || !rh.r.managed {
			status = execDone
			rh.role = roleStopped
			rh.onFail = failIgnore
		}
	case ocfRunningPromote:
		if probe && rc != target {
			status = execDone
		}
		rh.role = rolePromoted
	case ocfDegradedPromo, ocfFailedPromoted:
		rh.role = rolePromoted
		status = execError
	case 6:
		status = execErrorFatal
	case 3:
		if op.IntervalMS == 0 {
			s.checkRecoverable(rh, op)
			status = execErrorHard
		} else {
			status = execNotSupported
		}
	case 5, 2, 4:
		s.checkRecoverable(rh, op)
		status = execErrorHard
	default:
		if status == execDone {
			status = execError
		}
	}
	return rc, status
}

// checkRecoverable blocks a resource whose stop failed where the node
// cannot be fenced.
func (s *scheduler) checkRecoverable(rh *rscHistory, op cib.OpRecord) {
	if op.Operation == "stop" && !s.canFence(rh.n) {
		rh.r.managed = false
	}
}

// updateState applies an operation that counts as successful
// (update_resource_state).
func (s *scheduler) updateState(rh *rscHistory, op cib.OpRecord, rc int) {
	clear := false
	switch {
	case rc == 5 || (!rh.r.bundled && maskProbeFailure(op)):
		rh.role = roleStopped
	case rc == ocfNotRunning:
		clear = true
	case op.Operation == "monitor":
		if rh.lastFailure != "" && opKey(op) == rh.lastFailure {
			clear = true
		}
		if rh.role < roleStarted {
			rh.setActive()
		}
	case op.Operation == "start", op.Operation == "migrate_from":
		rh.role, clear = roleStarted, true
	case op.Operation == "stop":
		rh.role, clear = roleStopped, true
	case op.Operation == "promote":
		rh.role, clear = rolePromoted, true
	case op.Operation == "demote":
		clear = rh.onFail == failDemote
		rh.role = roleUnpromoted
	case op.Operation == "migrate_to":
		s.migrateToSuccess(rh, op)
	case rh.role < roleStarted:
		rh.setActive()
	}
	if clear {
		switch rh.onFail {
		case failBlock, failIgnore, failDemote, failRecover, failRestartContainer:
			rh.onFail = failIgnore
		case failResetRemote:
			if !rh.r.reconnect {
				rh.onFail = failIgnore
			}
		}
	}
}

// opKey is the operation key of a history entry: rsc_task_interval.
func opKey(op cib.OpRecord) string {
	return op.Operation + "_" + strconv.Itoa(op.IntervalMS)
}

// opFailure applies a failed operation (unpack_rsc_op_failure): the most
// severe on-fail wins, and a failed operation leaves the resource active.
func (s *scheduler) opFailure(rh *rscHistory, op cib.OpRecord, rc int) {
	rh.lastFailure = opKey(op)
	of := s.onFailFor(rh.r, op)
	if of > rh.onFail {
		rh.onFail = of
	}
	switch op.Operation {
	case "stop":
		rh.r.banFrom(rh.n) // __stop_fail__
	case "promote":
		rh.role = rolePromoted
	case "demote":
		switch {
		case of == failBlock:
			rh.role = rolePromoted
		case rc == ocfNotRunning:
			rh.role = roleStopped
		default:
			rh.role = roleUnpromoted
		}
	case "migrate_to", "migrate_from":
		rh.role = roleStarted
	}
	if isProbe(op) && rc == 5 {
		rh.role = roleStopped
	} else if rh.role < roleStarted {
		rh.setActive()
	}
}

// migrateToSuccess: a completed migrate_to leaves the resource on the
// source unless the target completed migrate_from (a dangling migration)
// or something newer happened on the source.
func (s *scheduler) migrateToSuccess(rh *rscHistory, op cib.OpRecord) {
	from, ok := s.findMigrateFrom(rh.r, op.MigrateTarget, op.MigrateSource)
	newerOnSource := false
	for _, o := range rh.ops {
		switch o.Operation {
		case "start", "stop", "migrate_to", "migrate_from":
			if o.CallID > op.CallID {
				newerOnSource = true
			}
		}
	}
	if newerOnSource && ok {
		return
	}
	rh.role = roleStarted
	if ok && from.RC == 0 && from.OpStatus == 0 && from.HasRC {
		rh.role = roleStopped
	}
}

func (s *scheduler) findMigrateFrom(r *rsc, target, source string) (cib.OpRecord, bool) {
	n := s.byName[target]
	if n == nil || n.state == nil {
		return cib.OpRecord{}, false
	}
	for i := range n.state.History {
		h := &n.state.History[i]
		if h.ID != r.id && !strings.HasPrefix(h.ID, r.id+":") {
			continue
		}
		for _, o := range h.Ops {
			if o.Operation == "migrate_from" && o.MigrateSource == source {
				return o, true
			}
		}
	}
	return cib.OpRecord{}, false
}

// expired is check_operation_expiry, simplified: with a failure-timeout,
// a failed entry older than the timeout no longer counts, unless the
// node's fail count records a newer failure. Probes that found the
// resource running or stopped never expire.
func (s *scheduler) expired(rh *rscHistory, op cib.OpRecord, rc int) bool {
	timeout := intervalMS(rh.r.meta["failure-timeout"]) / 1000
	if timeout <= 0 || s.now <= 0 || op.LastRCChange <= 0 || s.now < op.LastRCChange+timeout {
		return false
	}
	for k, v := range rh.n.attrs {
		if strings.HasPrefix(k, "last-failure-"+rh.r.id) {
			if t, err := strconv.ParseInt(v, 10, 64); err == nil && s.now < t+timeout {
				return false
			}
		}
	}
	if isProbe(op) {
		switch rc {
		case ocfOK, ocfNotRunning, ocfRunningPromote, ocfDegraded, ocfDegradedPromo:
			return false
		}
	}
	return true
}
