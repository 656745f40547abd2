package fencer

import (
	"fmt"
	"slices"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// State is the state of a fencing request.
type State string

// The states of a request. A request is pending until a final record says
// otherwise.
const (
	StatePending State = "pending"
	StateDone    State = "done"
	StateFailed  State = "failed"
)

// Outcome is the result of one attempt of one device.
type Outcome string

// The outcomes of a device attempt, with result codes 0 to 3 (see Code).
const (
	// OutcomeSuccess: the device confirmed the action.
	OutcomeSuccess Outcome = "success"
	// OutcomeUnreachable: the device could not be reached.
	OutcomeUnreachable Outcome = "unreachable"
	// OutcomeNoAck: the device was reached but did not acknowledge.
	OutcomeNoAck Outcome = "no-ack"
	// OutcomeInternal: the attempt failed here (agent missing, bad
	// configuration, timeout of the agent itself).
	OutcomeInternal Outcome = "internal-failure"
)

// Code returns the outcome's result code: 0 success, 1 device unreachable,
// 2 device did not acknowledge, 3 internal failure; -1 for an invalid
// outcome.
func (o Outcome) Code() int {
	switch o {
	case OutcomeSuccess:
		return 0
	case OutcomeUnreachable:
		return 1
	case OutcomeNoAck:
		return 2
	case OutcomeInternal:
		return 3
	}
	return -1
}

// Confirmation tells who confirmed a request done.
type Confirmation string

// The ways a request can be confirmed done.
const (
	// ByDevice: a device attempt of the request succeeded.
	ByDevice Confirmation = "device"
	// ByOperator: an operator confirmed the node is down (manual override).
	ByOperator Confirmation = "operator"
	// ByLowerLayer: a lower layer (sbd, a hypervisor) reported the fencing
	// done.
	ByLowerLayer Confirmation = "lower-layer"
)

// Attempt is one device's attempt within a request.
type Attempt struct {
	// Device is the fence device's id.
	Device string `json:"device"`
	// Level is the topology level (1-9), or 0 without topology.
	Level int `json:"level,omitempty"`
	// Action is the action the device was asked for (off, on, reboot).
	Action cib.FenceAction `json:"action"`
	// Verb is the agent's action= (after the reboot-to-off and
	// pcmk_ACTION_action remaps); Tries how many times it was called.
	Verb  string `json:"verb,omitempty"`
	Tries int    `json:"tries,omitempty"`
	// Outcome is how the attempt ended.
	Outcome Outcome `json:"outcome"`
	// Detail explains a failure (agent error, exit reason).
	Detail string `json:"detail,omitempty"`
	// Started and Finished bound the attempt.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
}

// Final is the closing record of a request.
type Final struct {
	// State is StateDone or StateFailed.
	State State `json:"state"`
	// By tells who confirmed a done request; empty for a failed one.
	By Confirmation `json:"by,omitempty"`
	// Delegate names who carried it out (a device, an operator, a node).
	Delegate string `json:"delegate,omitempty"`
	// Reason explains a failure.
	Reason string `json:"reason,omitempty"`
	// Completed is when the request ended.
	Completed time.Time `json:"completed"`
}

// Request is one fencing request as the history knows it.
type Request struct {
	// ID identifies the request; unique in a history.
	ID string `json:"id"`
	// Target is the node to fence.
	Target string `json:"target"`
	// Action is the requested action (off, reboot, on).
	Action cib.FenceAction `json:"action"`
	// Origin is the node that asked; Client the program that asked.
	Origin string `json:"origin,omitempty"`
	Client string `json:"client,omitempty"`
	// Requested is when the request was made.
	Requested time.Time `json:"requested"`
	// Attempts are the device attempts, in the order they ended.
	Attempts []Attempt `json:"attempts,omitempty"`
	// State is pending until Final is set.
	State State `json:"state"`
	// Final is the closing record, nil while pending.
	Final *Final `json:"final,omitempty"`
}

// clone returns a copy of r sharing nothing with it.
func (r *Request) clone() Request {
	c := *r
	c.Attempts = slices.Clone(r.Attempts)
	if r.Final != nil {
		f := *r.Final
		c.Final = &f
	}
	return c
}

// checkBegin validates a new request.
func checkBegin(r *Request) error {
	switch {
	case r.ID == "":
		return fmt.Errorf("request: empty id")
	case r.Target == "" || r.Action == "":
		return fmt.Errorf("request %s: empty target or action", r.ID)
	case r.Requested.IsZero():
		return fmt.Errorf("request %s: no request time", r.ID)
	}
	return nil
}

// checkAttempt validates an attempt added to r.
func checkAttempt(r *Request, a *Attempt) error {
	switch {
	case r.State != StatePending:
		return fmt.Errorf("request %s: attempt on device %s after the request ended", r.ID, a.Device)
	case a.Device == "" || a.Action == "":
		return fmt.Errorf("request %s: attempt without device or action", r.ID)
	case a.Outcome.Code() < 0:
		return fmt.Errorf("request %s: device %s: invalid outcome %q", r.ID, a.Device, a.Outcome)
	case a.Level < 0 || a.Level > 9:
		return fmt.Errorf("request %s: device %s: level %d out of 0-9", r.ID, a.Device, a.Level)
	}
	return nil
}

// checkFinal validates the closing record of r: a request is done only
// when someone confirmed it, and by a device only when one of its attempts
// succeeded.
func checkFinal(r *Request, f *Final) error {
	if r.State != StatePending {
		return fmt.Errorf("request %s: already %s", r.ID, r.State)
	}
	switch f.State {
	case StateFailed:
		if f.By != "" {
			return fmt.Errorf("request %s: failed request confirmed by %q", r.ID, f.By)
		}
	case StateDone:
		switch f.By {
		case ByOperator, ByLowerLayer:
		case ByDevice:
			if !slices.ContainsFunc(r.Attempts, func(a Attempt) bool { return a.Outcome == OutcomeSuccess }) {
				return fmt.Errorf("request %s: done by device without a successful attempt", r.ID)
			}
		default:
			return fmt.Errorf("request %s: done without a valid confirmation (%q)", r.ID, f.By)
		}
	default:
		return fmt.Errorf("request %s: invalid final state %q", r.ID, f.State)
	}
	return nil
}
