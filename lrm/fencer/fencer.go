package fencer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/pengine"
)

// Fencer carries out plan steps and records every one of their device
// attempts in a History. Its methods are safe for concurrent use;
// requests against different targets run in parallel, each device still
// serialized by its action limit.
type Fencer struct {
	history *History
	exec    *Executor
	local   string
	clock   lrm.Clock
	seq     atomic.Uint64

	mu     sync.Mutex
	notify func(Event)
	rnd    func(int64) int64
}

// New returns a Fencer for the node called local, recording in h and
// running devices through e, on e's clock.
func New(h *History, e *Executor, local string) *Fencer {
	return &Fencer{history: h, exec: e, local: local, clock: e.clock}
}

// OnEvent sets the function called, from the request's goroutine, at every
// step of every request (for logs and timelines). It must not block.
func (f *Fencer) OnEvent(fn func(Event)) {
	f.mu.Lock()
	f.notify = fn
	f.mu.Unlock()
}

// SetRand sets the random source of the pcmk_delay_max delays: it returns
// a value in [0, n) (math/rand when nil).
func (f *Fencer) SetRand(rnd func(int64) int64) {
	f.mu.Lock()
	f.rnd = rnd
	f.mu.Unlock()
}

// History returns the fencer's history.
func (f *Fencer) History() *History { return f.history }

// Executor returns the fencer's executor.
func (f *Fencer) Executor() *Executor { return f.exec }

// NewID returns a fresh request id for target.
func (f *Fencer) NewID(target string, action cib.FenceAction) string {
	return fmt.Sprintf("%s-%s-%d-%d", target, action, f.clock.Now().UnixMilli(), f.seq.Add(1))
}

// Fence carries out step for req (Target and Action those of the step; ID
// and Requested filled in when empty) and returns the request as the
// history has it at the end: done, failed, or, if ctx ended before the
// outcome was known, pending. A request the history holds pending under
// req.ID (begun by another node, whose work this one takes over) is
// carried on rather than begun again. The error reports a step that does not fit
// the request, a history that could not be written, or the end of ctx.
func (f *Fencer) Fence(ctx context.Context, req Request, step *pengine.Step) (Request, error) {
	if err := checkStep(req, step); err != nil {
		return Request{}, err
	}
	if req.ID == "" {
		req.ID = f.NewID(req.Target, req.Action)
	}
	if req.Requested.IsZero() {
		req.Requested = f.clock.Now()
	}
	if have, ok := f.history.Get(req.ID); ok && have.State == StatePending && have.Target == req.Target &&
		have.Action == req.Action {
		req = have // carried on: begun elsewhere (a request adopted from another node)
	} else if err := f.history.Begin(req); err != nil {
		return Request{}, err
	}
	f.mu.Lock()
	notify, rnd := f.notify, f.rnd
	f.mu.Unlock()
	if rnd == nil {
		rnd = rand.Int64N
	}
	r := &run{f: f, notify: notify, rnd: rnd, req: req, step: step, used: map[string]bool{}}
	r.event(Event{Kind: EventRequest})
	final, err := r.carryOut(ctx)
	if err != nil {
		return f.get(req.ID), err
	}
	if err := f.history.Finish(req.ID, final); err != nil {
		return f.get(req.ID), err
	}
	kind := EventDone
	if final.State == StateFailed {
		kind = EventFailed
	}
	r.event(Event{Kind: kind, Detail: final.Reason + final.Delegate})
	return f.get(req.ID), nil
}

func (f *Fencer) get(id string) Request {
	r, _ := f.history.Get(id)
	return r
}

// Confirm records that target was fenced without a device: by an operator
// (the manual override) or by a lower layer. who names them.
func (f *Fencer) Confirm(target string, action cib.FenceAction, by Confirmation, who string) (Request, error) {
	if by != ByOperator && by != ByLowerLayer {
		return Request{}, fmt.Errorf("confirm %s: confirmation %q is not an operator's or a lower layer's", target, by)
	}
	now := f.clock.Now()
	req := Request{ID: f.NewID(target, action), Target: target, Action: action, Origin: f.local,
		Client: string(by), Requested: now}
	if err := f.history.Begin(req); err != nil {
		return Request{}, err
	}
	if err := f.history.Finish(req.ID, Final{State: StateDone, By: by, Delegate: who, Completed: now}); err != nil {
		return f.get(req.ID), err
	}
	f.mu.Lock()
	notify := f.notify
	f.mu.Unlock()
	if notify != nil {
		notify(Event{Time: now, Request: req.ID, Target: target, Action: action, Kind: EventDone,
			Detail: fmt.Sprintf("confirmed by %s (%s)", who, by)})
	}
	return f.get(req.ID), nil
}

// Close ends pending requests left by an earlier run (the daemon stopped
// or crashed while they ran) as failed: whether they fenced their target
// is unknown, so they must not count as done.
func (f *Fencer) Close(reason string) ([]Request, error) {
	var out []Request
	for _, r := range f.history.Pending() {
		if err := f.history.Finish(r.ID, Final{State: StateFailed, Reason: reason, Completed: f.clock.Now()}); err != nil {
			return out, err
		}
		out = append(out, f.get(r.ID))
	}
	return out, nil
}

// IsLocal reports whether target names this fencer's node.
func (f *Fencer) IsLocal(target string) bool {
	return f.local != "" && strings.EqualFold(target, f.local)
}
