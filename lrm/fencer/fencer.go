package fencer

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// Config is the cluster configuration requests are carried out with.
type Config struct {
	// Model is the CIB snapshot the topology is read from.
	Model *cib.Model
	// Devices are the devices this node runs (started), in CIB order.
	Devices []*Device
	// Timeout is the cluster's stonith-timeout, the default timeout of
	// every device action.
	Timeout time.Duration
}

// Fencer carries out fencing requests along the fencing topology and
// records every step in a History. Its methods are safe for concurrent use;
// requests against different targets run in parallel, each device still
// serialized by its action limit.
type Fencer struct {
	history *History
	exec    *Executor
	local   string
	seq     atomic.Uint64

	mu     sync.Mutex
	cfg    Config
	notify func(Event)
	rnd    func(int64) int64
}

// New returns a Fencer for the node called local, recording in h and
// running devices through e.
func New(h *History, e *Executor, local string) *Fencer {
	return &Fencer{history: h, exec: e, local: local}
}

// SetConfig replaces the configuration used by requests that start after
// it returns.
func (f *Fencer) SetConfig(c Config) {
	f.mu.Lock()
	f.cfg = c
	f.mu.Unlock()
}

// OnEvent sets the function called, from the request's goroutine, at every
// step of every request (for logs and timelines). It must not block.
func (f *Fencer) OnEvent(fn func(Event)) {
	f.mu.Lock()
	f.notify = fn
	f.mu.Unlock()
}

// SetRand sets the random source of pcmk_delay_max delays (tests).
func (f *Fencer) SetRand(rnd func(int64) int64) {
	f.mu.Lock()
	f.rnd = rnd
	f.mu.Unlock()
}

// History returns the fencer's history.
func (f *Fencer) History() *History { return f.history }

// Executor returns the fencer's executor.
func (f *Fencer) Executor() *Executor { return f.exec }

func (f *Fencer) snapshot() (Config, func(Event), func(int64) int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg, f.notify, f.rnd
}

// NewID returns a fresh request id for target.
func (f *Fencer) NewID(target, action string) string {
	return fmt.Sprintf("%s-%s-%d-%d", target, action, time.Now().UnixMilli(), f.seq.Add(1))
}

// Fence carries out req (Target and Action set; ID, Requested filled in
// when empty) and returns the request as the history has it at the end:
// done, failed, or, if ctx ended before the outcome was known, pending. The
// requested delay (priority-fencing-delay) applies before the first device
// of the first level only. The error reports a history that could not be
// written, or the end of ctx.
func (f *Fencer) Fence(ctx context.Context, req Request, delay time.Duration) (Request, error) {
	if req.ID == "" {
		req.ID = f.NewID(req.Target, req.Action)
	}
	if req.Requested.IsZero() {
		req.Requested = time.Now()
	}
	switch req.Action {
	case "reboot", "off", "on":
	default:
		return Request{}, fmt.Errorf("fence %s: unknown action %q", req.Target, req.Action)
	}
	if err := f.history.Begin(req); err != nil {
		return Request{}, err
	}
	cfg, notify, rnd := f.snapshot()
	r := &run{f: f, cfg: cfg, notify: notify, rnd: rnd, req: req, delay: delay, tried: map[string]bool{}}
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
func (f *Fencer) Confirm(target, action string, by Confirmation, who string) (Request, error) {
	if by != ByOperator && by != ByLowerLayer {
		return Request{}, fmt.Errorf("confirm %s: confirmation %q is not an operator's or a lower layer's", target, by)
	}
	req := Request{ID: f.NewID(target, action), Target: target, Action: action, Origin: f.local,
		Client: string(by), Requested: time.Now()}
	if err := f.history.Begin(req); err != nil {
		return Request{}, err
	}
	if err := f.history.Finish(req.ID, Final{State: StateDone, By: by, Delegate: who, Completed: time.Now()}); err != nil {
		return f.get(req.ID), err
	}
	_, notify, _ := f.snapshot()
	if notify != nil {
		notify(Event{Time: time.Now(), Request: req.ID, Target: target, Action: action, Kind: EventDone,
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
		if err := f.history.Finish(r.ID, Final{State: StateFailed, Reason: reason, Completed: time.Now()}); err != nil {
			return out, err
		}
		out = append(out, f.get(r.ID))
	}
	return out, nil
}

func isLocal(target, local string) bool {
	return local != "" && strings.EqualFold(target, local)
}
