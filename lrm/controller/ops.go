package controller

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/pengine"
)

// The errors a caller of the controller (and, through Call, of its API)
// can test with errors.Is.
var (
	// ErrNotAllowed: the API is for root (and the daemon's own user).
	ErrNotAllowed = errors.New("permission denied: the fencing API is for root only")
	// ErrNoSuchNode: the target is not a node of the CIB.
	ErrNoSuchNode = errors.New("no such node in the CIB")
	// ErrBadAction: the action is not reboot, off or on.
	ErrBadAction = errors.New("unknown action (reboot, off or on)")
	// ErrBadRequest: the API request could not be read or names no target.
	ErrBadRequest = errors.New("bad request")
	// ErrUnknownOp: the API has no such operation.
	ErrUnknownOp = errors.New("unknown operation")
	// ErrNoPlan: the CIB has not been read (or planned) yet.
	ErrNoPlan = errors.New("the CIB has not been planned yet")
	// ErrConfirmed cancels a request whose target was confirmed down
	// meanwhile.
	ErrConfirmed = errors.New("the target was confirmed down meanwhile")
)

// Fence carries out a fencing request that did not come from the plan
// (executioner fence): as the plan would carry it out (pengine.StepFor),
// and, when it succeeds, recorded in the CIB by the next step. target is
// looked up in the CIB as Pacemaker's controller looks up a peer (an exact
// name, else the one node whose name differs only in case) and the request
// carries the CIB's spelling, so the history and the CIB record it under
// the node's name. As in Pacemaker's fencer, a request for a target and
// action already in flight joins it: a request the plan is running, or an
// earlier API request still being carried out; every client that joined
// gets the same request back, and the devices run once. It returns the
// request as the history has it.
func (c *Controller) Fence(ctx context.Context, target string, action cib.FenceAction, client string) (fencer.Request, error) {
	if action == "" {
		action = cib.FenceReboot
	}
	if _, err := cib.ParseFenceAction(string(action)); err != nil {
		return fencer.Request{}, fmt.Errorf("fence %s: %q: %w", target, action, ErrBadAction)
	}
	target, err := c.nodeName("fence", target)
	if err != nil {
		return fencer.Request{}, err
	}
	step, err := c.stepFor(target, action)
	if err != nil {
		return fencer.Request{}, err
	}
	if id := c.inFlight(target, action); id != "" {
		c.emit(Event{Kind: EventMerged, Target: target, Action: action, Detail: "joined the planned request " + id})
		return c.await(ctx, id) // merged with the request already running, as Pacemaker does
	}
	f, lead := c.joinFlight(target, action)
	if !lead {
		c.emit(Event{Kind: EventMerged, Target: target, Action: action, Detail: "joined request " + f.id})
		select {
		case <-f.done:
			return f.req, f.err
		case <-ctx.Done():
			r, _ := c.fencer.History().Get(f.id)
			return r, ctx.Err()
		}
	}
	defer c.endFlight(target, action, f)
	req := fencer.Request{ID: f.id, Target: target, Action: action, Origin: c.cfg.Node, Client: client}
	f.req, f.err = c.fencer.Fence(ctx, req, step)
	if f.err != nil {
		return f.req, f.err
	}
	c.inject(Outcome{Action: Action{Kind: ActFence, Target: target, Action: action, RequestID: f.req.ID}, Request: f.req})
	return f.req, nil
}

// flight is an API fencing request being carried out, which identical
// requests join: they wait for done, then share req and err.
type flight struct {
	id   string
	done chan struct{}
	req  fencer.Request
	err  error
}

type flightKey struct {
	target string
	action cib.FenceAction
}

// joinFlight returns the API request in flight against target for action,
// or, when there is none, a new one that the caller leads (lead true) and
// must end with endFlight.
func (c *Controller) joinFlight(target string, action cib.FenceAction) (f *flight, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := flightKey{target, action}
	if f := c.flights[k]; f != nil {
		return f, false
	}
	f = &flight{id: c.fencer.NewID(target, action), done: make(chan struct{})}
	c.flights[k] = f
	return f, true
}

// endFlight hands f's outcome (set by its leader) to whoever joined it.
func (c *Controller) endFlight(target string, action cib.FenceAction, f *flight) {
	c.mu.Lock()
	delete(c.flights, flightKey{target, action})
	c.mu.Unlock()
	close(f.done)
	c.wake() // the plan may go on with the target
}

// nodeName returns the CIB's spelling of the node called target (see
// NodeName), for the operation op.
func (c *Controller) nodeName(op, target string) (string, error) {
	c.mu.Lock()
	m := c.model
	c.mu.Unlock()
	if m == nil {
		return "", fmt.Errorf("%s %s: %w", op, target, ErrNoPlan)
	}
	name, ok := NodeName(m, target)
	if !ok {
		return "", fmt.Errorf("%s %s: %w", op, target, ErrNoSuchNode)
	}
	return name, nil
}

// StepFor returns the step a request against target for action follows,
// as Fence would carry it out (the plan as last read).
func (c *Controller) StepFor(target string, action cib.FenceAction) (*pengine.Step, error) {
	if _, err := cib.ParseFenceAction(string(action)); err != nil {
		return nil, fmt.Errorf("fence %s: %q: %w", target, action, ErrBadAction)
	}
	return c.stepFor(target, action)
}

// stepFor builds the step of a request against target, if it is a node.
func (c *Controller) stepFor(target string, action cib.FenceAction) (*pengine.Step, error) {
	c.mu.Lock()
	m, agents := c.model, c.agents
	c.mu.Unlock()
	if m == nil {
		return nil, fmt.Errorf("fence %s: %w", target, ErrNoPlan)
	}
	return pengine.StepFor(pengine.Input{Model: m, Now: c.cfg.Clock.Now(), Agents: agents}, target, action)
}

// inFlight returns the id of the planned request against target for
// action that is running, or "".
func (c *Controller) inFlight(target string, action cib.FenceAction) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.targets[target]; st != nil && st.running && st.action == action {
		return st.request
	}
	return ""
}

// await waits for request id to finish and returns it.
func (c *Controller) await(ctx context.Context, id string) (fencer.Request, error) {
	for {
		c.mu.Lock()
		ended := c.finished
		c.mu.Unlock()
		if r, ok := c.fencer.History().Get(id); ok && r.State != fencer.StatePending {
			return r, nil
		}
		select {
		case <-ctx.Done():
			r, _ := c.fencer.History().Get(id)
			return r, ctx.Err()
		case <-ended:
		}
	}
}

// Confirm records that target is down without a device having fenced it:
// by an operator (by = fencer.ByOperator, the manual override) or by a
// lower layer (fencer.ByLowerLayer). target is looked up as Fence looks it
// up. A request in flight against target is canceled, the target's
// failures are forgotten, and the next step records it fenced in the CIB.
func (c *Controller) Confirm(target string, by fencer.Confirmation) (fencer.Request, error) {
	target, err := c.nodeName("confirm", target)
	if err != nil {
		return fencer.Request{}, err
	}
	c.mu.Lock()
	if st := c.targets[target]; st != nil && st.cancel != nil {
		st.cancel(ErrConfirmed)
	}
	c.mu.Unlock()
	who := "an operator"
	if by == fencer.ByLowerLayer {
		who = "a lower layer"
	}
	r, err := c.fencer.Confirm(target, cib.FenceOff, by, who)
	if err != nil {
		return r, err
	}
	c.inject(Outcome{Action: Action{Kind: ActFence, Target: target, Action: cib.FenceOff, RequestID: r.ID}, Request: r})
	return r, nil
}

// NodeName returns the name m gives the node called target, as Pacemaker
// finds a node by name (crm_find_peer, pe_find_node): the node of that
// exact name (in <nodes> or the status section), else the one node whose
// name differs from it only in case. ok is false when no node, or more than
// one node differing only in case, fits.
func NodeName(m *cib.Model, target string) (name string, ok bool) {
	var folded []string
	add := func(uname string) bool {
		if uname == target {
			return true
		}
		if strings.EqualFold(uname, target) && !slices.Contains(folded, uname) {
			folded = append(folded, uname)
		}
		return false
	}
	for _, n := range m.Nodes {
		if add(n.Uname) {
			return target, true
		}
	}
	for _, ns := range m.NodeStates {
		if add(ns.Uname) {
			return target, true
		}
	}
	if len(folded) != 1 {
		return "", false
	}
	return folded[0], true
}

// TargetStatus is the state of one planned fencing action.
type TargetStatus struct {
	Target string          `json:"target"`
	Action cib.FenceAction `json:"action"`
	// State is waiting (for its predecessors), running, retrying, blocked
	// or recording (done, being written into the CIB).
	State     string    `json:"state"`
	Reason    string    `json:"reason,omitempty"`
	Attempts  int       `json:"failed_attempts,omitempty"`
	NextRetry time.Time `json:"next_retry,omitzero"`
	LastError string    `json:"last_error,omitempty"`
	// Blocked lists the resources waiting for this fencing.
	Blocked []string `json:"blocked_resources,omitempty"`
}

// Status is the daemon's state.
type Status struct {
	Node    string         `json:"node"`
	CIB     string         `json:"cib"`
	Plan    []string       `json:"plan"`
	Error   string         `json:"error,omitempty"`
	Targets []TargetStatus `json:"targets,omitempty"`
	Devices []DeviceStatus `json:"devices,omitempty"`
	// Cluster is the cluster's state, for a daemon with membership from
	// corosync.
	Cluster *group.Status `json:"cluster,omitempty"`
}

// Status returns the daemon's state.
func (c *Controller) Status() Status {
	c.mu.Lock()
	s := Status{Node: c.cfg.Node, CIB: c.cfg.CIB, Error: c.planErr}
	if c.plan != nil {
		s.Plan = c.plan.Fences()
		for _, a := range c.plan.Ordered() {
			if a.Pseudo {
				continue
			}
			ts := TargetStatus{Target: a.Target, Action: a.Action, State: "waiting", Reason: a.Reason,
				Blocked: slices.Clone(c.plan.Blocked[a.Target])}
			if _, ok := c.unsaved[a.Target]; ok {
				ts.State = "recording"
			}
			if st := c.targets[a.Target]; st != nil && st.action == a.Action {
				ts.Attempts, ts.LastError = st.attempts, st.lastErr
				switch {
				case st.running:
					ts.State = "running"
				case st.blocked:
					ts.State = "blocked"
				case st.attempts > 0:
					ts.State, ts.NextRetry = "retrying", st.next
				}
			}
			s.Targets = append(s.Targets, ts)
		}
	}
	c.mu.Unlock()
	s.Devices = c.devs.list()
	if c.cfg.Cluster != nil {
		s.Cluster = c.cfg.Cluster()
	}
	return s
}

// Devices returns the devices this node runs.
func (c *Controller) Devices() []DeviceStatus { return c.devs.list() }
