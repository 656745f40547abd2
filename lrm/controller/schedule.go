package controller

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
)

// errConfirmed cancels a request whose target was confirmed down meanwhile.
var errConfirmed = errors.New("the target was confirmed down meanwhile")

// targetState is the controller's memory of one target's fencing.
type targetState struct {
	action   string
	attempts int       // failed attempts at the planned action
	next     time.Time // no new attempt before
	blocked  bool      // stonith-max-attempts reached
	running  bool
	cancel   context.CancelCauseFunc
	lastErr  string
	request  string // the request in flight or last made
}

// result is a finished request, sent back to the loop.
type result struct {
	target, action string
	req            fencer.Request
	err            error
}

// schedule starts every planned action whose predecessors are done (no
// longer in the plan) and whose target is neither running, waiting for a
// retry, nor blocked.
func (c *Controller) schedule(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.plan == nil {
		return
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
	now := time.Now()
	for _, a := range c.plan.Ordered() {
		if a.Pseudo || c.unsaved[a.Target] {
			continue
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
		c.startLocked(ctx, st, a)
	}
}

func ready(p *pengine.Result, a pengine.Action, inPlan map[string]bool) bool {
	for _, k := range p.Before(a.Key()) {
		if inPlan[k] {
			return false
		}
	}
	return true
}

func (c *Controller) startLocked(ctx context.Context, st *targetState, a pengine.Action) {
	rctx, cancel := context.WithCancelCause(ctx)
	st.running, st.cancel = true, cancel
	st.request = c.fencer.NewID(a.Target, a.Action)
	req := fencer.Request{ID: st.request, Target: a.Target, Action: a.Action, Origin: c.cfg.Node,
		Client: "controller", Requested: time.Now()}
	delay := time.Duration(0)
	if a.HasDelay {
		delay = time.Duration(a.Delay) * time.Second
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer cancel(nil)
		r, err := c.fencer.Fence(rctx, req, delay)
		if err != nil && errors.Is(context.Cause(rctx), errConfirmed) {
			_ = c.fencer.History().Finish(req.ID, fencer.Final{State: fencer.StateFailed,
				Reason: "canceled: " + errConfirmed.Error(), Completed: time.Now()})
		}
		select {
		case c.done <- result{target: a.Target, action: a.Action, req: r, err: err}:
		case <-ctx.Done(): // the loop has stopped; the history keeps the outcome
		}
	}()
}

// finish takes a request's outcome: a success is written into the CIB; a
// failure is retried after a backoff, or blocks the target after
// stonith-max-attempts failures.
func (c *Controller) finish(r result) {
	c.compactHistory()
	if r.err == nil && r.req.State == fencer.StateDone {
		c.fenced(r.target, r.action)
		return
	}
	reason := string(r.req.State)
	if r.err != nil {
		reason = r.err.Error()
	} else if r.req.Final != nil {
		reason = r.req.Final.Reason
	}
	c.mu.Lock()
	st := c.targets[r.target]
	if st == nil || st.request != r.req.ID {
		c.mu.Unlock()
		return
	}
	maxAttempts := DefaultMaxAttempts
	if c.model != nil {
		maxAttempts = stonithMaxAttempts(c.model)
	}
	st.running, st.cancel = false, nil
	st.attempts++
	st.lastErr = reason
	attempts := st.attempts
	st.blocked = attempts >= maxAttempts
	if !st.blocked {
		st.next = time.Now().Add(c.backoff(attempts))
	}
	c.mu.Unlock()
	if attempts >= maxAttempts {
		c.emit(Event{Kind: EventBlocked, Target: r.target, Action: r.action, Detail: fmt.Sprintf(
			"%d failed attempts (stonith-max-attempts=%d): %s; blocked until confirmed", attempts, maxAttempts, reason)})
		return
	}
	c.emit(Event{Kind: EventRetry, Target: r.target, Action: r.action, Detail: fmt.Sprintf(
		"attempt %d failed: %s; next attempt in %v", attempts, reason, c.backoff(attempts))})
}

// History bounds, as Pacemaker's fencer: past maxHistory requests, keep
// the pending ones and the newest keepHistory finished ones.
const (
	maxHistory  = 500
	keepHistory = 250
)

func (c *Controller) compactHistory() {
	h := c.fencer.History()
	if len(h.Last(maxHistory+1)) <= maxHistory {
		return
	}
	if _, err := h.Compact(keepHistory); err != nil {
		c.emit(Event{Kind: EventError, Detail: fmt.Sprintf("compacting the history: %v", err)})
	}
}

func (c *Controller) backoff(attempts int) time.Duration {
	d := c.cfg.RetryBase
	for i := 1; i < attempts && d < c.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, c.cfg.RetryMax)
}

// fenced writes a successful fencing of target into the CIB (off and
// reboot: the node is down; on: the node is unfenced) and forgets the
// target's failures. Until the CIB says so, the target is not scheduled
// again, and the plan made from the older CIB is dropped.
func (c *Controller) fenced(target, action string) {
	c.mu.Lock()
	delete(c.targets, target)
	if action != pengine.ActionOn {
		c.unsaved[target] = true
	}
	c.mu.Unlock()
	if action == pengine.ActionOn {
		err := updateCIB(c.cfg.CIB, func(d *cib.Document) error { return markUnfenced(d, target, time.Now().Unix()) })
		if err != nil {
			c.emit(Event{Kind: EventError, Target: target, Detail: fmt.Sprintf("recording the unfencing in the CIB: %v", err)})
		} else {
			c.emit(Event{Kind: EventCIB, Target: target, Detail: "transient attribute #node-unfenced set"})
		}
		c.replan()
		return
	}
	if err := c.writeFenced(target); err != nil {
		c.emit(Event{Kind: EventError, Target: target, Detail: fmt.Sprintf("recording the fencing in the CIB: %v (will retry)", err)})
	}
	c.wake()
}

// replan drops the plan, so nothing is scheduled before the CIB is read
// again.
func (c *Controller) replan() {
	c.mu.Lock()
	c.plan, c.data = nil, nil
	c.mu.Unlock()
	c.wake()
}

// writeFenced records target fenced in the CIB; once written, it is no
// longer unsaved and the plan is made again.
func (c *Controller) writeFenced(target string) error {
	err := updateCIB(c.cfg.CIB, func(d *cib.Document) error { return markFenced(d, target) })
	if err != nil {
		return err
	}
	c.mu.Lock()
	delete(c.unsaved, target)
	c.mu.Unlock()
	c.replan()
	c.emit(Event{Kind: EventCIB, Target: target,
		Detail: "node_state: in_ccm=false crmd=offline join=down expected=down; resource history cleared"})
	return nil
}

// saveUnsaved retries CIB updates that failed.
func (c *Controller) saveUnsaved() {
	c.mu.Lock()
	var todo []string
	for t := range c.unsaved {
		todo = append(todo, t)
	}
	c.mu.Unlock()
	for _, t := range todo {
		_ = c.writeFenced(t)
	}
}

// stonithTimeout is stonith-timeout (or fencing-timeout), default 60 s.
func stonithTimeout(m *cib.Model) time.Duration {
	for _, name := range []string{"stonith-timeout", "fencing-timeout"} {
		if v, ok := m.Properties[name]; ok {
			if t, err := fencer.ParseInterval(v); err == nil && t > 0 {
				return t
			}
		}
	}
	return fencer.DefaultTimeout
}

// stonithMaxAttempts is stonith-max-attempts (or fencing-max-attempts),
// default 10; values below 1 count as 1.
func stonithMaxAttempts(m *cib.Model) int {
	for _, name := range []string{"stonith-max-attempts", "fencing-max-attempts"} {
		if v, ok := m.Properties[name]; ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				return max(n, 1)
			}
		}
	}
	return DefaultMaxAttempts
}
