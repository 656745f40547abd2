package pengine

import (
	"strconv"

	"github.com/executioner-ha/executioner/cib"
)

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
		rh.r.managed, rh.r.blocked = false, true
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
	of := s.onFailFor(rh, op)
	if of > rh.onFail {
		rh.onFail = of
	}
	// A failure whose recovery role is Stopped (on-fail=stop, or a remote
	// connection reset with a reconnect interval) keeps the resource (an
	// anonymous clone as a whole) stopped everywhere, even when the node
	// it failed on is being fenced.
	if of == failStop || (of == failResetRemote && rh.r.reconnect) {
		rh.r.hardErrorTarget().stopped = true
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
	case "migrate_to":
		s.migrationFailure(rh, op, migrateTo)
	case "migrate_from":
		s.migrationFailure(rh, op, migrateFrom)
	}
	if isProbe(op) && rc == 5 {
		rh.role = roleStopped
	} else if rh.role < roleStarted {
		rh.setActive()
	}
}
