package controller

import (
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// EventKind names what happened in the controller.
type EventKind string

// The controller's events.
const (
	EventPlan    EventKind = "plan"    // a new plan was computed; Detail holds its fence list
	EventDevice  EventKind = "device"  // a device started, failed to start or stopped
	EventFence   EventKind = "fence"   // a step of a fencing request (Fence is set)
	EventCIB     EventKind = "cib"     // the outcome was written into the CIB
	EventRetry   EventKind = "retry"   // a failed action will be retried
	EventBlocked EventKind = "blocked" // stonith-max-attempts reached: waiting for a confirmation
	EventError   EventKind = "error"   // something failed that the loop will try again
	EventMerged  EventKind = "merged"  // a fencing request joined an identical one in flight
)

// Event is one thing the controller did, for logs and timelines.
type Event struct {
	Time   time.Time
	Kind   EventKind
	Target string
	Action cib.FenceAction
	Detail string
	// Fence is the fencer's event, for EventFence.
	Fence *fencer.Event
}
