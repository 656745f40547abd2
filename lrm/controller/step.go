package controller

import (
	"fmt"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
)

// Snapshot is what one step of the controller looks at.
type Snapshot struct {
	// Now is the time of the step.
	Now time.Time
	// CIB is the CIB file's content; ReadErr why it could not be read.
	CIB     []byte
	ReadErr error
	// Agents is what the metadata of the CIB's fence agents says, by
	// agent; AgentErrs the metadata that could not be read.
	Agents    map[string]cib.AgentInfo
	AgentErrs []error
	// Outcomes are the outcomes of the actions carried out since the last
	// step.
	Outcomes []Outcome
}

// ActionKind names what the controller does.
type ActionKind string

// The controller's actions.
const (
	ActFence          ActionKind = "fence"           // carry out Step as request RequestID
	ActRecordFenced   ActionKind = "record-fenced"   // write into the CIB that Target left (off, reboot)
	ActRecordUnfenced ActionKind = "record-unfenced" // write Target's unfencing into the CIB
	ActStartDevice    ActionKind = "start-device"    // start Device here
	ActStopDevice     ActionKind = "stop-device"     // stop the device DeviceID
)

// Action is one thing a step decided to do.
type Action struct {
	Kind      ActionKind
	Target    string
	Action    cib.FenceAction
	RequestID string
	// Step is what ActFence carries out.
	Step *pengine.Step
	// Device is the device ActStartDevice starts; DeviceID the one
	// ActStopDevice stops.
	Device   *pengine.DeviceInfo
	DeviceID string
}

// Outcome is how an action ended, for the next step.
type Outcome struct {
	Action Action
	// Request is the request as the history has it, for ActFence.
	Request fencer.Request
	// Status is the started device's state, for ActStartDevice.
	Status *DeviceStatus
	Err    error
}

// targetState is the controller's memory of one target's fencing.
type targetState struct {
	action   cib.FenceAction
	attempts int       // failed attempts at the planned action
	next     time.Time // no new attempt before
	blocked  bool      // stonith-max-attempts reached
	running  bool
	request  string // the request in flight or last made
	lastErr  string
	cancel   func(error)
}

// Step takes one snapshot and returns what to do: the outcomes since the
// last step are taken in (a done request is recorded in the CIB, a failed
// one retried after a backoff or, after stonith-max-attempts, blocked
// until confirmed), a changed CIB is planned again (and the devices placed
// here are started or stopped to match), and every planned action whose
// predecessors are done and whose target is neither running, waiting for
// a retry, blocked nor waiting for its record is started. Step does no
// I/O; Do carries the actions out.
func (c *Controller) Step(s Snapshot) []Action {
	c.mu.Lock()
	defer c.mu.Unlock()
	outcomes := append(s.Outcomes, c.injected...)
	c.injected = nil
	for _, o := range outcomes {
		c.absorb(o, s.Now)
	}
	var out []Action
	if s.ReadErr != nil {
		c.reportLocked(fmt.Sprintf("%s: %v", c.cfg.CIB, s.ReadErr))
	} else {
		out = append(out, c.replan(s)...)
	}
	for target, action := range c.unsaved {
		if c.writing[target] {
			continue
		}
		c.writing[target] = true
		kind := ActRecordFenced
		if action == cib.FenceOn {
			kind = ActRecordUnfenced
		}
		out = append(out, Action{Kind: kind, Target: target, Action: action})
	}
	return append(out, c.schedule(s.Now)...)
}

// reportLocked emits an error once per distinct message.
func (c *Controller) reportLocked(msg string) {
	if msg == c.planErr {
		return
	}
	c.planErr = msg
	c.emit(Event{Kind: EventError, Detail: msg})
}

// replan plans a CIB that changed and returns the device actions it
// implies.
func (c *Controller) replan(s Snapshot) []Action {
	if string(s.CIB) == string(c.data) {
		return nil
	}
	c.data = s.CIB
	doc, err := cib.Parse(s.CIB)
	if err != nil {
		c.reportLocked(fmt.Sprintf("%s: %v", c.cfg.CIB, err)) // keep the last good plan
		return nil
	}
	for _, err := range s.AgentErrs {
		c.emit(Event{Kind: EventError, Detail: "agent metadata: " + err.Error()})
	}
	m := doc.Model()
	plan, err := pengine.Schedule(pengine.Input{Model: m, Now: s.Now, Agents: s.Agents})
	if err != nil {
		c.plan = nil
		c.reportLocked(fmt.Sprintf("plan %s: %v", c.cfg.CIB, err))
		return nil
	}
	c.model, c.agents, c.plan, c.planned, c.planErr = m, s.Agents, plan, s.Now, ""
	c.emit(Event{Kind: EventPlan, Detail: plan.String()})
	return c.devs.sync(plan)
}

// absorb takes in one outcome.
func (c *Controller) absorb(o Outcome, now time.Time) {
	a := o.Action
	switch a.Kind {
	case ActFence:
		c.finishedLocked()
		c.fenceEnded(o, now)
	case ActRecordFenced, ActRecordUnfenced:
		delete(c.writing, a.Target)
		if o.Err != nil {
			c.emit(Event{Kind: EventError, Target: a.Target, Detail: fmt.Sprintf("recording the fencing in the CIB: %v (will retry)", o.Err)})
			return
		}
		delete(c.unsaved, a.Target)
		c.data = nil // plan again from what was written
		detail := "node_state: in_ccm=false crmd=offline join=down expected=down; resource history cleared"
		if a.Kind == ActRecordUnfenced {
			detail = "transient attribute #node-unfenced set"
		}
		c.emit(Event{Kind: EventCIB, Target: a.Target, Action: a.Action, Detail: detail})
	case ActStartDevice:
		c.devs.started(o.Status)
	}
}

// finishedLocked wakes whoever waits for a request to end.
func (c *Controller) finishedLocked() {
	close(c.finished)
	c.finished = make(chan struct{})
}

// fenceEnded takes in a request's outcome: a success is to be recorded in
// the CIB; a failure of the planned request is retried after a backoff,
// or blocks the target after stonith-max-attempts failures.
func (c *Controller) fenceEnded(o Outcome, now time.Time) {
	target, r := o.Action.Target, o.Request
	st := c.targets[target]
	if st != nil && st.request == r.ID {
		st.running, st.cancel = false, nil
	}
	if o.Err == nil && r.State == fencer.StateDone {
		delete(c.targets, target)
		c.unsaved[target] = o.Action.Action
		return
	}
	if st == nil || st.request != r.ID {
		return // not the planned request (an administrator's): nothing to retry
	}
	reason := string(r.State)
	switch {
	case o.Err != nil:
		reason = o.Err.Error()
	case r.Final != nil:
		reason = r.Final.Reason
	}
	maxAttempts := cib.DefaultMaxAttempts
	if c.model != nil {
		maxAttempts = c.model.FencingOptions().MaxAttempts
	}
	st.attempts++
	st.lastErr = reason
	st.blocked = st.attempts >= maxAttempts
	if st.blocked {
		c.emit(Event{Kind: EventBlocked, Target: target, Action: st.action, Detail: fmt.Sprintf(
			"%d failed attempts (stonith-max-attempts=%d): %s; blocked until confirmed", st.attempts, maxAttempts, reason)})
		return
	}
	wait := c.backoff(st.attempts)
	st.next = now.Add(wait)
	c.emit(Event{Kind: EventRetry, Target: target, Action: st.action, Detail: fmt.Sprintf(
		"attempt %d failed: %s; next attempt in %v", st.attempts, reason, wait)})
}

func (c *Controller) backoff(attempts int) time.Duration {
	d := c.cfg.RetryBase
	for i := 1; i < attempts && d < c.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, c.cfg.RetryMax)
}

// schedule starts every planned action whose predecessors are done (no
// longer in the plan) and whose target is neither running, waiting for a
// retry, blocked, nor waiting for its record.
func (c *Controller) schedule(now time.Time) []Action {
	if c.plan == nil {
		return nil
	}
	inPlan, targets := map[string]bool{}, map[string]bool{}
	for _, a := range c.plan.Actions {
		inPlan[a.Key()], targets[a.Target] = true, true
	}
	for t, st := range c.targets {
		if !targets[t] && !st.running {
			delete(c.targets, t) // no longer to be fenced (it rejoined): failures forgotten
		}
	}
	var out []Action
	for _, a := range c.plan.Ordered() {
		if _, waiting := c.unsaved[a.Target]; a.Pseudo || waiting {
			continue
		}
		if c.flights[flightKey{a.Target, a.Action}] != nil {
			continue // an API request does it: its outcome decides
		}
		st := c.targets[a.Target]
		if st != nil && (st.running || st.blocked || now.Before(st.next)) {
			continue
		}
		if !ready(c.plan, a, inPlan) {
			continue
		}
		if st == nil || st.action != a.Action {
			st = &targetState{action: a.Action}
			c.targets[a.Target] = st
		}
		st.running = true
		st.request = c.fencer.NewID(a.Target, a.Action)
		out = append(out, Action{Kind: ActFence, Target: a.Target, Action: a.Action, RequestID: st.request, Step: a.Step})
	}
	return out
}

func ready(p *pengine.Result, a pengine.Action, inPlan map[string]bool) bool {
	for _, k := range p.Before(a.Key()) {
		if inPlan[k] {
			return false
		}
	}
	return true
}

// setCancel keeps the cancel function of a request the loop started.
func (c *Controller) setCancel(target, id string, cancel func(error)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.targets[target]; st != nil && st.request == id {
		st.cancel = cancel
	}
}

// nextRetry is how long until the first target waiting for a retry may be
// fenced again, if one waits.
func (c *Controller) nextRetry(now time.Time) (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first time.Time
	for _, st := range c.targets {
		if st.running || st.blocked || !st.next.After(now) {
			continue
		}
		if first.IsZero() || st.next.Before(first) {
			first = st.next
		}
	}
	return first.Sub(now), !first.IsZero()
}
