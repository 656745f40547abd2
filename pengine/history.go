package pengine

import (
	"sort"
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
	failed bool
	ops    []cib.OpRecord
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
	}
	return r
}

// sortOps orders history by call id, pending operations last; equal call
// ids by last-rc-change.
func sortOps(ops []cib.OpRecord) []cib.OpRecord {
	out := append([]cib.OpRecord(nil), ops...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
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

// unpackHistory replays the history of one node.
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
	}
}

func isProbe(op cib.OpRecord) bool {
	return op.Operation == "monitor" && op.IntervalMS == 0
}

// unpackOp applies one operation to the resource's state on the node.
func (s *scheduler) unpackOp(rh *rscHistory, op cib.OpRecord) {
	task := op.Operation
	if task == "notify" || task == "meta-data" || !op.HasRC || !op.HasOpStatus {
		return
	}
	status := op.OpStatus
	if op.CallID < 0 {
		status = execPending
	}
	if status == execDone || status == execError {
		status = s.remapStatus(rh, op)
	}
	switch status {
	case execPending:
		switch task {
		case "start":
			rh.role = roleStarted
		case "promote":
			rh.role = rolePromoted
		}
	case execDone:
		s.updateState(rh, op)
	case execNotInstalled:
		if s.onFailFor(rh.r, op) == failIgnore {
			s.updateState(rh, op)
		} else {
			s.opFailure(rh, op)
		}
	case execCancelled:
	default:
		of := s.onFailFor(rh.r, op)
		if of == failIgnore || (of == failRestartContainer && task == "stop") {
			s.updateState(rh, op)
			if of == failRestartContainer && rh.onFail <= failRecover {
				rh.onFail = of
			}
			return
		}
		s.opFailure(rh, op)
	}
}

// remapStatus decides whether a completed operation failed, comparing its
// result with the expected one.
func (s *scheduler) remapStatus(rh *rscHistory, op cib.OpRecord) int {
	target := op.TargetRC()
	probe := isProbe(op)
	if probe && target < 0 {
		target = ocfNotRunning
	}
	rc := op.RC
	switch rc {
	case ocfOK, ocfDegraded:
		if (probe && target == ocfNotRunning) || target == rc || target < 0 || (rc == ocfDegraded && target == ocfOK) {
			return execDone
		}
		return execError
	case ocfNotRunning:
		if probe || target == rc || !rh.r.managed {
			rh.role = roleStopped
			rh.onFail = failIgnore
			return execDone
		}
		return execError
	case ocfRunningPromote:
		rh.role = rolePromoted
		if (probe && rc != target) || target == rc {
			return execDone
		}
		return execError
	case ocfDegradedPromo, ocfFailedPromoted:
		rh.role = rolePromoted
		return execError
	case 6:
		return execErrorFatal
	case 3:
		if op.IntervalMS > 0 {
			return execNotSupported
		}
		return execErrorHard
	case 5, 2, 4:
		return execErrorHard
	}
	return execError
}

// updateState applies a successful operation.
func (s *scheduler) updateState(rh *rscHistory, op cib.OpRecord) {
	clear := false
	switch op.Operation {
	case "start", "migrate_from":
		rh.role, clear = roleStarted, true
	case "stop":
		rh.role, clear = roleStopped, true
	case "promote":
		rh.role, clear = rolePromoted, true
	case "demote":
		if rh.onFail == failDemote {
			clear = true
		}
		rh.role = roleUnpromoted
	case "migrate_to":
		s.migrateToSuccess(rh, op)
	default:
		if op.RC == ocfRunningPromote || op.RC == ocfDegradedPromo {
			rh.role = rolePromoted
		} else if op.RC == ocfNotRunning {
			rh.role = roleStopped
		} else if rh.role < roleStarted {
			rh.role = roleStarted
		}
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

// opFailure applies a failed operation: the most severe on-fail wins, and
// a failed operation leaves the resource active.
func (s *scheduler) opFailure(rh *rscHistory, op cib.OpRecord) {
	of := s.onFailFor(rh.r, op)
	if of > rh.onFail {
		rh.onFail = of
	}
	rh.failed = true
	switch op.Operation {
	case "promote":
		rh.role = rolePromoted
	case "demote":
		switch {
		case of == failBlock:
			rh.role = rolePromoted
		case op.RC == ocfNotRunning:
			rh.role = roleStopped
		default:
			rh.role = roleUnpromoted
		}
	}
	if isProbe(op) && op.RC == 5 {
		rh.role = roleStopped
	} else if rh.role < roleStarted {
		rh.role = roleStarted
	}
}

// migrateToSuccess: a completed migrate_to leaves the resource on the
// source unless the target completed migrate_from (dangling migration).
func (s *scheduler) migrateToSuccess(rh *rscHistory, op cib.OpRecord) {
	rh.role = roleStarted
	target := s.byName[op.MigrateTarget]
	if target == nil || target.state == nil {
		return
	}
	for _, h := range target.state.History {
		if s.findHistoryRsc(&h) != rh.r {
			continue
		}
		for _, o := range h.Ops {
			if o.Operation == "migrate_from" && o.RC == 0 && o.OpStatus == 0 && o.HasRC {
				rh.role = roleStopped
			}
		}
	}
}
