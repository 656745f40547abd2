package pengine

import (
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
	// execNoFenceDevice and execNoSecrets count as hard errors.
	execNoFenceDevice = 10
	execNoSecrets     = 11
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
	ops    []*cib.OpRecord
	// hid is the id the history is recorded under.
	hid string
	// lastFailure is the key of the last failed operation.
	lastFailure string
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
		rh := &rscHistory{r: r, n: n, role: roleUnknown, ops: sortOps(h.Ops), hid: h.ID}
		for _, op := range rh.ops {
			s.unpackOp(rh, *op)
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
				s.fillerIdx = nil
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
	if status == execNoFenceDevice || status == execNoSecrets {
		status = execErrorHard
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
			rh.r.startPending = true
			rh.setActive()
		case "promote":
			rh.role = rolePromoted
		}
		return
	case execDone:
		s.updateState(rh, op, rc)
		return
	case execNotInstalled:
		if s.onFailFor(rh, op) == failIgnore {
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
	of := s.onFailFor(rh, op)
	if of == failIgnore || (of == failRestartContainer && task == "stop") {
		s.updateState(rh, op, target)
		rh.r.failureIgnored = true
		if of == failRestartContainer && rh.onFail <= failRecover {
			rh.onFail = of
		}
		return
	}
	s.opFailure(rh, op, rc)
	switch status {
	case execErrorHard:
		rh.r.hardErrorTarget().banFrom(rh.n)
	case execErrorFatal:
		rh.r.hardErrorTarget().banAll = true // fatal-error: banned everywhere
	}
}
