package fencer

import (
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// EventKind names a step of a request.
type EventKind string

// The steps a Fencer reports.
const (
	EventRequest EventKind = "request" // a request began
	EventLevel   EventKind = "level"   // a level (without topology: the capable devices) is tried
	EventSkip    EventKind = "skip"    // a level or device cannot be used; Detail says why
	EventDelay   EventKind = "delay"   // waiting pcmk_delay_base/max or the requested delay
	EventAttempt EventKind = "attempt" // a device attempt ended
	EventDone    EventKind = "done"    // the request is done
	EventFailed  EventKind = "failed"  // the request failed
)

// Event is one step of a request, for logs and timelines.
type Event struct {
	Time    time.Time
	Request string
	Target  string
	Action  cib.FenceAction
	Kind    EventKind
	Level   int
	Device  string
	Outcome Outcome
	Detail  string
	// Took is the duration of an attempt or a delay.
	Took time.Duration
}
