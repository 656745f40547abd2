package controller

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/lrm/fencer"
)

// Fence carries out a fencing request that did not come from the plan
// (executioner fence): along the topology like any other, and, when it
// succeeds with off or reboot, recorded in the CIB. A request for what the
// plan is already doing shares that request's outcome. It returns the
// request as the history has it.
func (c *Controller) Fence(ctx context.Context, target, action, client string) (fencer.Request, error) {
	switch action {
	case "":
		action = "reboot"
	case "reboot", "off", "on":
	default:
		return fencer.Request{}, fmt.Errorf("fence %s: unknown action %q (reboot, off or on)", target, action)
	}
	if !c.knownNode(target) {
		return fencer.Request{}, fmt.Errorf("fence %s: no such node in the CIB", target)
	}
	if id := c.inFlight(target, action); id != "" {
		return c.await(ctx, id) // merged with the request already running, as Pacemaker does
	}
	req := fencer.Request{Target: target, Action: action, Origin: c.cfg.Node, Client: client}
	r, err := c.fencer.Fence(ctx, req, 0)
	if err != nil {
		return r, err
	}
	if r.State == fencer.StateDone {
		c.fenced(target, action)
	}
	return r, nil
}

// inFlight returns the id of the planned request against target for
// action that is running, or "".
func (c *Controller) inFlight(target, action string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.targets[target]; st != nil && st.running && st.action == action {
		return st.request
	}
	return ""
}

// await waits for request id to finish and returns it.
func (c *Controller) await(ctx context.Context, id string) (fencer.Request, error) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		if r, ok := c.fencer.History().Get(id); ok && r.State != fencer.StatePending {
			return r, nil
		}
		select {
		case <-ctx.Done():
			r, _ := c.fencer.History().Get(id)
			return r, ctx.Err()
		case <-t.C:
		}
	}
}

// Confirm records that target is down without a device having fenced it:
// by an operator (by = fencer.ByOperator, the manual override) or by a
// lower layer (fencer.ByLowerLayer). A request in flight against target is
// canceled, the target's failures are forgotten, and the CIB records it
// fenced.
func (c *Controller) Confirm(target string, by fencer.Confirmation) (fencer.Request, error) {
	if !c.knownNode(target) {
		return fencer.Request{}, fmt.Errorf("confirm %s: no such node in the CIB", target)
	}
	who := "an operator"
	if by == fencer.ByLowerLayer {
		who = "a lower layer"
	}
	c.mu.Lock()
	if st := c.targets[target]; st != nil && st.cancel != nil {
		st.cancel(errConfirmed)
	}
	c.mu.Unlock()
	r, err := c.fencer.Confirm(target, "off", by, who)
	if err != nil {
		return r, err
	}
	c.fenced(target, "off")
	return r, nil
}

func (c *Controller) knownNode(target string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model == nil {
		return false
	}
	for _, n := range c.model.Nodes {
		if strings.EqualFold(n.Uname, target) {
			return true
		}
	}
	for _, ns := range c.model.NodeStates {
		if strings.EqualFold(ns.Uname, target) {
			return true
		}
	}
	return false
}

// TargetStatus is the state of one planned fencing action.
type TargetStatus struct {
	Target string `json:"target"`
	Action string `json:"action"`
	// State is waiting (for its predecessors), running, retrying or
	// blocked.
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
	return s
}

// Devices returns the devices this node runs.
func (c *Controller) Devices() []DeviceStatus { return c.devs.list() }
