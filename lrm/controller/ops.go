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
// and, when it succeeds, recorded in the CIB by the next step. A request
// for what the plan is already doing shares that request's outcome. It
// returns the request as the history has it.
func (c *Controller) Fence(ctx context.Context, target string, action cib.FenceAction, client string) (fencer.Request, error) {
	if action == "" {
		action = cib.FenceReboot
	}
	if _, err := cib.ParseFenceAction(string(action)); err != nil {
		return fencer.Request{}, fmt.Errorf("fence %s: %q: %w", target, action, ErrBadAction)
	}
	step, err := c.stepFor(target, action)
	if err != nil {
		return fencer.Request{}, err
	}
	if id := c.inFlight(target, action); id != "" {
		return c.await(ctx, id) // merged with the request already running, as Pacemaker does
	}
	req := fencer.Request{Target: target, Action: action, Origin: c.cfg.Node, Client: client}
	r, err := c.fencer.Fence(ctx, req, step)
	if err != nil {
		return r, err
	}
	c.inject(Outcome{Action: Action{Kind: ActFence, Target: target, Action: action, RequestID: r.ID}, Request: r})
	return r, nil
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
	if !knownNode(m, target) {
		return nil, fmt.Errorf("fence %s: %w", target, ErrNoSuchNode)
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
// lower layer (fencer.ByLowerLayer). A request in flight against target is
// canceled, the target's failures are forgotten, and the next step records
// it fenced in the CIB.
func (c *Controller) Confirm(target string, by fencer.Confirmation) (fencer.Request, error) {
	c.mu.Lock()
	m := c.model
	if st := c.targets[target]; st != nil && st.cancel != nil {
		st.cancel(ErrConfirmed)
	}
	c.mu.Unlock()
	if m == nil {
		return fencer.Request{}, fmt.Errorf("confirm %s: %w", target, ErrNoPlan)
	}
	if !knownNode(m, target) {
		return fencer.Request{}, fmt.Errorf("confirm %s: %w", target, ErrNoSuchNode)
	}
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

func knownNode(m *cib.Model, target string) bool {
	for _, n := range m.Nodes {
		if strings.EqualFold(n.Uname, target) {
			return true
		}
	}
	for _, ns := range m.NodeStates {
		if strings.EqualFold(ns.Uname, target) {
			return true
		}
	}
	return false
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
