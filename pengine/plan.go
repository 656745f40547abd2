package pengine

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// Fencing actions.
const (
	ActionReboot = "reboot"
	ActionOff    = "off"
	ActionOn     = "on"
)

// Action is one fencing action of a plan.
type Action struct {
	// Target is the node to fence.
	Target string
	// TargetID is the node's id in the CIB.
	TargetID string
	// Action is reboot, off or on.
	Action string
	// Pseudo is true for a guest or bundle node, whose fencing is implied
	// by recovering its container rather than carried out by a device.
	Pseudo bool
	// Reason says why, in Pacemaker's words.
	Reason string
	// Delay is the priority-fencing-delay in seconds; HasDelay tells
	// whether Pacemaker would set it at all (it may be 0).
	Delay    int
	HasDelay bool
	// DC is true when the target is the designated controller.
	DC bool
	// Devices lists the fencing devices able to fence the target.
	Devices []string
	// Levels lists the fencing-topology levels for the target, by index.
	Levels []Level
}

// Key is "TARGET:ACTION", the name edges use.
func (a Action) Key() string { return a.Target + ":" + a.Action }

// Level is one fencing-topology level that applies to a target.
type Level struct {
	Index   int      `json:"index"`
	Devices []string `json:"devices"`
}

// Edge orders two actions: Then may start only after First completed.
type Edge struct {
	First, Then string
}

// Result is a fencing plan: the actions in execution order, the order
// edges between them, and the resources that must wait for fencing.
type Result struct {
	Actions []Action
	Edges   []Edge
	// Blocked lists, per target, the resources whose recovery waits for
	// the target to be fenced.
	Blocked map[string][]string
	// Notes records decisions that stopped fencing (for example an
	// inquorate partition or a missing device), one line each.
	Notes []string
}

// Plan computes the fencing plan for a CIB snapshot, evaluated at the
// snapshot's execution-date when it has one (as crm_simulate does), else
// with no failure ever expiring (see PlanAt). It is pure and never panics;
// a snapshot that cannot be planned gives an error.
//
// Plan takes time O(n log n) in the size n of the snapshot: the model is
// read once into indexes (resources and their instance attributes, the
// devices admitting each target, the levels naming it, the location
// constraints naming each resource, each node's history), every decision
// looks up what it needs there, and only nodes, devices and actions are
// sorted.
func Plan(m *cib.Model) (*Result, error) {
	if m != nil && m.ExecutionDate > 0 {
		return PlanAt(m, time.Unix(m.ExecutionDate, 0))
	}
	return PlanAt(m, time.Time{})
}

// PlanAt computes the fencing plan as of now: a failure older than its
// resource's failure-timeout no longer counts, as in Pacemaker, which
// evaluates at the current time. The zero time means failures never
// expire. PlanAt reads no clock itself.
func PlanAt(m *cib.Model, now time.Time) (r *Result, err error) {
	if m == nil {
		return nil, fmt.Errorf("pengine: no snapshot")
	}
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("pengine: internal error: %v", p)
		}
	}()
	s := newScheduler(m)
	if !now.IsZero() {
		s.now = now.Unix()
	}
	s.run()
	return s.result(), nil
}

// Fences is the plan in the canonical fence-list format, sorted: "fence
// TARGET ACTION [delay=N]", "pseudo TARGET ACTION" and "order A B" lines.
func (r *Result) Fences() []string {
	var out []string
	for _, a := range r.Actions {
		kind := "fence"
		if a.Pseudo {
			kind = "pseudo"
		}
		line := kind + " " + a.Target + " " + a.Action
		if a.HasDelay {
			line += fmt.Sprintf(" delay=%d", a.Delay)
		}
		out = append(out, line)
	}
	for _, e := range r.Edges {
		out = append(out, "order "+e.First+" "+e.Then)
	}
	sort.Strings(out)
	return dedup(out)
}

func dedup(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// String is the fence list, one line each.
func (r *Result) String() string { return strings.Join(r.Fences(), "\n") }

// Before lists the actions that must complete before the one named key.
func (r *Result) Before(key string) []string {
	var out []string
	for _, e := range r.Edges {
		if e.Then == key {
			out = append(out, e.First)
		}
	}
	return out
}

// Ordered returns the actions in an order that respects every edge,
// otherwise keeping the plan's order.
func (r *Result) Ordered() []Action {
	done := map[string]bool{}
	var out []Action
	for len(out) < len(r.Actions) {
		progress := false
		for _, a := range r.Actions {
			if done[a.Key()] {
				continue
			}
			ready := true
			for _, b := range r.Before(a.Key()) {
				if !done[b] {
					ready = false
				}
			}
			if ready {
				done[a.Key()] = true
				out = append(out, a)
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	return out
}
