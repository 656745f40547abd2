package main

import (
	"fmt"
	"strings"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// describeEvent is one line of the demo's timeline (and of the daemon's
// log), or "" for events not worth a line.
func describeEvent(e controller.Event) string {
	switch e.Kind {
	case controller.EventPlan:
		if e.Detail == "" {
			return "plan: nothing to fence"
		}
		return "plan: " + strings.Join(strings.Split(e.Detail, "\n"), "; ")
	case controller.EventDevice:
		return fmt.Sprintf("device %s %s", e.Target, shorten(e.Detail, 110))
	case controller.EventFence:
		if e.Fence == nil && e.Detail != "" { // the cluster's: adopted, merged, handed over
			return fmt.Sprintf("fence %s: %s", e.Target, e.Detail)
		}
		return describeFence(e.Fence)
	case controller.EventCIB:
		return fmt.Sprintf("cib: %s %s", e.Target, e.Detail)
	case controller.EventMerged:
		return fmt.Sprintf("fence %s %s: %s", e.Target, e.Action, e.Detail)
	case controller.EventRetry, controller.EventBlocked, controller.EventError:
		return fmt.Sprintf("%s: %s %s", e.Kind, strings.TrimSpace(e.Target+" "+string(e.Action)), e.Detail)
	}
	return ""
}

func describeFence(f *fencer.Event) string {
	if f == nil {
		return ""
	}
	switch f.Kind {
	case fencer.EventRequest:
		return fmt.Sprintf("fence %s %s: request %s", f.Target, f.Action, f.Request)
	case fencer.EventLevel:
		if f.Level == 0 {
			return fmt.Sprintf("fence %s: trying %s", f.Target, f.Detail)
		}
		return fmt.Sprintf("fence %s: level %d (%s)", f.Target, f.Level, f.Detail)
	case fencer.EventSkip:
		return fmt.Sprintf("fence %s: level %d skipped: %s", f.Target, f.Level, f.Detail)
	case fencer.EventDelay:
		return fmt.Sprintf("fence %s: %s waits %v (pcmk_delay)", f.Target, f.Device, f.Took)
	case fencer.EventAttempt:
		s := fmt.Sprintf("fence %s: %s %s -> %s (result %d, %.3fs)", f.Target, f.Device, f.Action, f.Outcome, f.Outcome.Code(), f.Took.Seconds())
		if f.Detail != "" {
			s += ": " + shorten(f.Detail, 90)
		}
		return s
	case fencer.EventDone:
		return fmt.Sprintf("fence %s %s: done (%s)", f.Target, f.Action, f.Detail)
	case fencer.EventFailed:
		return fmt.Sprintf("fence %s %s: failed (%s)", f.Target, f.Action, f.Detail)
	}
	return ""
}

// shorten cuts s to about n bytes.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
