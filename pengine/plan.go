package pengine

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// Action is one fencing action of a plan.
type Action struct {
	// Target is the node to fence.
	Target string
	// TargetID is the node's id in the CIB.
	TargetID string
	// Action is reboot, off or on.
	Action cib.FenceAction
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
	// Step is how the action is carried out; nil for a pseudo action.
	Step *Step
}

// Key is "TARGET:ACTION", the name edges use.
func (a Action) Key() string { return a.Target + ":" + string(a.Action) }

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
	// Devices lists every stonith device of the CIB, in document order:
	// where it may run and how it is monitored.
	Devices []DeviceInfo
	// Topology lists the fencing levels the fencer ignores, one line each.
	Topology []string
	// Fencers are the nodes whose fencer answers a query in this
	// snapshot: the online, clean cluster members.
	Fencers []string
}

// Input is what a plan is made from.
type Input struct {
	Model *cib.Model
	// Now is the evaluation time for failure expiry and date rules; the
	// zero time means failures never expire and no date expression holds.
	// Its location is the time zone of the host the scheduler runs on, as
	// Pacemaker reads the clock with localtime: a rule's date_spec is
	// matched against the date and time there, and a time of day written
	// without an offset is taken in that zone.
	Now time.Time
	// Agents holds what the fence agents' metadata says, by agent name. An
	// agent missing here is planned for as Pacemaker's fencer treats one
	// whose metadata it cannot read (cib.AgentInfo's zero value).
	Agents map[string]cib.AgentInfo
}

// Plan computes the fencing plan for a CIB snapshot, evaluated at the
// snapshot's execution-date when it has one (as crm_simulate does on a
// host whose time zone is UTC; PlanAt takes the zone from its time), else
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
		return PlanAt(m, time.Unix(m.ExecutionDate, 0).UTC())
	}
	return PlanAt(m, time.Time{})
}

// PlanAt is Schedule without agent metadata.

// PlanAt computes the fencing plan as of now: a failure older than its
// resource's failure-timeout no longer counts, as in Pacemaker, which
// evaluates at the current time. The zero time means failures never
// expire. PlanAt reads no clock itself.
func PlanAt(m *cib.Model, now time.Time) (*Result, error) {
	return Schedule(Input{Model: m, Now: now})
}

// Schedule computes the fencing plan for in. It is pure and never panics;
// a snapshot that cannot be planned gives an error.
func Schedule(in Input) (*Result, error) {
	var r *Result
	err := schedule(in, func(s *scheduler) { r = s.result() })
	return r, err
}

// schedule runs the scheduler on in and then hands it to done, turning a
// panic anywhere into an error.
func schedule(in Input, done func(*scheduler)) (err error) {
	if in.Model == nil {
		return fmt.Errorf("pengine: no snapshot")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pengine: internal error: %v", p)
		}
	}()
	s := newScheduler(in)
	if !in.Now.IsZero() {
		s.now, s.zone = in.Now.Unix(), in.Now.Location()
	}
	s.run()
	done(s)
	return nil
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
		line := kind + " " + a.Target + " " + string(a.Action)
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

// StepFor is the step of a fencing request that did not come from the plan
// (an administrator's executioner fence, a lower layer's request): action
// against target, carried out as a planned one would be.
func StepFor(in Input, target string, action cib.FenceAction) (*Step, error) {
	if _, err := cib.ParseFenceAction(string(action)); err != nil {
		return nil, err
	}
	var st *Step
	err := schedule(in, func(s *scheduler) {
		s.unpackDevices()
		a := &Action{Target: target, Action: action}
		if n := s.byName[target]; n != nil {
			a.TargetID = n.id
		}
		st = s.step(a)
	})
	return st, err
}
