package ocf

import (
	"errors"
	"fmt"
)

// Exit codes of a fence agent, as Pacemaker's fencer and fence-agents read
// them.
const (
	// ExitOK is success: the action was carried out (and, for off, on and
	// reboot, the device confirmed the power state), or status found the
	// target powered on.
	ExitOK = 0
	// ExitFailure is every failure: bad parameters, an unreachable or
	// misbehaving device, a power state that was not confirmed in time.
	ExitFailure = 1
	// ExitOff is returned by the status action only, when the target is
	// powered off.
	ExitOff = 2
)

// Error is an error that carries the exit code the agent process ends with.
type Error struct {
	Code int   // process exit code
	Err  error // what went wrong; nil for a quiet exit (e.g. status off)
}

// Error describes the failure.
func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit code %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a message formatted like
// fmt.Errorf (so %w wraps).
func Errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// Fail wraps err as a failure (ExitFailure). A nil err stays nil, and an err
// that already carries a code keeps it.
func Fail(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: ExitFailure, Err: err}
}

// CodeOf returns the exit code for err: 0 for nil, the code of the first
// *Error in its chain, else ExitFailure.
func CodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ExitFailure
}
