package lrm

import (
	"fmt"
	"syscall"
	"time"
)

// Status tells how an agent's run ended.
type Status int

// How a run ended. Only StatusExited carries a meaningful exit code.
const (
	// StatusExited: the agent exited by itself with an exit code.
	StatusExited Status = iota + 1
	// StatusSignaled: the agent was killed by a signal nobody here sent.
	StatusSignaled
	// StatusTimedOut: the command's timeout expired and the group was
	// terminated. A timeout is a failure, whatever the agent exited with.
	StatusTimedOut
	// StatusCanceled: the context ended and the group was terminated.
	StatusCanceled
)

// String returns the status in lower case ("timed out").
func (s Status) String() string {
	switch s {
	case StatusExited:
		return "exited"
	case StatusSignaled:
		return "signaled"
	case StatusTimedOut:
		return "timed out"
	case StatusCanceled:
		return "canceled"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Result is the outcome of one run of an agent.
type Result struct {
	// Status tells how the run ended.
	Status Status
	// PID is the agent's process id, which was also its process group id.
	PID int
	// ExitCode is the agent's exit status, or -1 when a signal ended it.
	ExitCode int
	// Signal is the signal that ended the agent, or 0.
	Signal syscall.Signal
	// Stdout and Stderr hold the first OutputCap bytes of each stream.
	Stdout, Stderr []byte
	// StdoutDropped and StderrDropped count the bytes discarded past the cap.
	StdoutDropped, StderrDropped int64
	// Leftovers counts the processes found in the agent's group after it
	// ended that had to be terminated.
	Leftovers int
	// Started is when the agent was started; Duration how long it ran until
	// its group was gone.
	Started  time.Time
	Duration time.Duration
	// Timeout is the command's timeout, for messages.
	Timeout time.Duration

	path string
}

// Truncated reports whether output was discarded past the cap.
func (r *Result) Truncated() bool {
	return r.StdoutDropped > 0 || r.StderrDropped > 0
}

// Success reports whether the agent exited by itself with status 0.
func (r *Result) Success() bool {
	return r.Status == StatusExited && r.ExitCode == 0
}

// Err returns nil when the run succeeded and an *ExitError otherwise.
func (r *Result) Err() error {
	if r.Success() {
		return nil
	}
	return &ExitError{Path: r.path, Status: r.Status, Code: r.ExitCode,
		Signal: r.Signal, Timeout: r.Timeout}
}

// ExitError describes an agent run that did not succeed.
type ExitError struct {
	// Path is the agent's executable.
	Path string
	// Status tells how the run ended.
	Status Status
	// Code is the exit status (-1 when a signal ended the agent).
	Code int
	// Signal is the signal that ended the agent, or 0.
	Signal syscall.Signal
	// Timeout is the timeout that expired, for StatusTimedOut.
	Timeout time.Duration
}

// Error describes the failure in one line.
func (e *ExitError) Error() string {
	switch e.Status {
	case StatusTimedOut:
		return fmt.Sprintf("agent %s: did not complete within %s", e.Path, e.Timeout)
	case StatusCanceled:
		return fmt.Sprintf("agent %s: canceled", e.Path)
	case StatusSignaled:
		return fmt.Sprintf("agent %s: interrupted by signal %s", e.Path, e.Signal)
	}
	return fmt.Sprintf("agent %s: exit status %d", e.Path, e.Code)
}
