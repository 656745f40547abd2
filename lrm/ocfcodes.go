package lrm

// Exit codes of OCF resource agents (OCF Resource Agent API 1.1, also used
// by Pacemaker for LSB and systemd results once mapped). Fence agents only
// distinguish zero from non-zero, except for status, where 0 means on and 2
// means off.
const (
	// OCFSuccess is returned when the action completed (or, for monitor,
	// the resource is running).
	OCFSuccess = 0
	// OCFErrGeneric is an unspecified failure.
	OCFErrGeneric = 1
	// OCFErrArgs means the agent was invoked with invalid arguments.
	OCFErrArgs = 2
	// OCFErrUnimplemented means the requested action is not implemented.
	OCFErrUnimplemented = 3
	// OCFErrPerm means the agent lacked a permission it needed.
	OCFErrPerm = 4
	// OCFErrInstalled means a tool the agent needs is not installed.
	OCFErrInstalled = 5
	// OCFErrConfigured means the resource's configuration is invalid.
	OCFErrConfigured = 6
	// OCFNotRunning means the resource is cleanly stopped (monitor).
	OCFNotRunning = 7
	// OCFRunningPromoted means the resource runs in the promoted role.
	OCFRunningPromoted = 8
	// OCFFailedPromoted means the resource failed in the promoted role.
	OCFFailedPromoted = 9
	// OCFDegraded means the resource runs but degraded.
	OCFDegraded = 190
	// OCFDegradedPromoted means the resource runs promoted but degraded.
	OCFDegradedPromoted = 191
)

// OCFCodeName returns the OCF name of an agent exit code ("OCF_NOT_RUNNING"),
// or "" for a code outside the specification.
func OCFCodeName(code int) string {
	switch code {
	case OCFSuccess:
		return "OCF_SUCCESS"
	case OCFErrGeneric:
		return "OCF_ERR_GENERIC"
	case OCFErrArgs:
		return "OCF_ERR_ARGS"
	case OCFErrUnimplemented:
		return "OCF_ERR_UNIMPLEMENTED"
	case OCFErrPerm:
		return "OCF_ERR_PERM"
	case OCFErrInstalled:
		return "OCF_ERR_INSTALLED"
	case OCFErrConfigured:
		return "OCF_ERR_CONFIGURED"
	case OCFNotRunning:
		return "OCF_NOT_RUNNING"
	case OCFRunningPromoted:
		return "OCF_RUNNING_PROMOTED"
	case OCFFailedPromoted:
		return "OCF_FAILED_PROMOTED"
	case OCFDegraded:
		return "OCF_DEGRADED"
	case OCFDegradedPromoted:
		return "OCF_DEGRADED_PROMOTED"
	}
	return ""
}
