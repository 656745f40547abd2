package fencer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/pengine"
)

// run is one request being carried out along its step.
type run struct {
	f      *Fencer
	notify func(Event)
	rnd    func(int64) int64
	req    Request
	step   *pengine.Step
	// used records the devices already run in each phase of the request
	// (the action they were asked): a device runs at most once per phase.
	used map[string]bool
	// started is set once a device action has run.
	started bool
	// capable holds the query's answers: the devices able to fence the
	// target from here.
	capable map[string]bool
}

func (r *run) event(e Event) {
	if r.notify == nil {
		return
	}
	e.Time, e.Request, e.Target = r.f.clock.Now(), r.req.ID, r.req.Target
	if e.Action == "" {
		e.Action = r.req.Action
	}
	r.notify(e)
}

// carryOut runs the step and returns the final record; an error means ctx
// ended or the history failed.
func (r *run) carryOut(ctx context.Context) (Final, error) {
	r.query(ctx)
	for _, l := range r.step.Levels {
		r.event(Event{Kind: EventLevel, Level: l.Index, Detail: strings.Join(l.Devices, ",")})
		var ok bool
		var err error
		if r.step.Topology {
			ok, err = r.level(ctx, l)
		} else {
			ok, err = r.alternatives(ctx, l)
		}
		if err != nil {
			return Final{}, err
		}
		if ok {
			return Final{State: StateDone, By: ByDevice, Delegate: strings.Join(l.Devices, ","), Completed: r.f.clock.Now()}, nil
		}
	}
	reason := "all topology levels failed"
	switch {
	case len(r.step.Levels) == 0 || !r.step.Topology && len(r.step.Levels[0].Ops) == 0:
		reason = fmt.Sprintf("no device can fence %s", r.req.Target)
	case !r.step.Topology:
		reason = "every capable device failed"
	}
	return Final{State: StateFailed, Reason: reason, Completed: r.f.clock.Now()}, nil
}

// query checks every device of the step's query that may run here, as the
// fencer's query round does, and keeps which can fence the target.
func (r *run) query(ctx context.Context) {
	r.capable = map[string]bool{}
	for _, op := range r.step.Query {
		if op.Unusable != "" || !op.Nodes.ContainsFold(r.f.local) {
			continue
		}
		if ok, _ := r.f.exec.Admits(ctx, op); ok {
			r.capable[op.Device] = true
		}
	}
}

// level runs a topology level: its ops in order, all of which must
// succeed; an optional op's failure is ignored; an op that cannot run here
// abandons the level (an optional or required one is skipped instead).
func (r *run) level(ctx context.Context, l pengine.StepLevel) (bool, error) {
	for i, op := range l.Ops {
		if why := r.blocked(op); why != "" {
			r.event(Event{Kind: EventSkip, Level: l.Index, Device: op.Device, Action: op.Action, Detail: why})
			if op.Optional || op.Required {
				continue
			}
			return false, nil
		}
		delay := r.deviceDelay(op)
		if !r.started && l.Index == 1 && i == 0 {
			delay += time.Duration(r.step.Delay) * time.Second
		}
		ok, err := r.attempt(ctx, l.Index, op, delay)
		if err != nil {
			return false, err
		}
		if !ok && !op.Optional {
			return false, nil
		}
	}
	return true, nil
}

// alternatives runs the ops of a level without topology as the fencer
// does: a query finds whether any device can fence the target; then the
// executing fencer's own search lists them (devices checked by status
// last, as their answers come back later) and they are tried in turn
// until one succeeds, after which every remaining required op runs too; a
// required op that fails ends the request. The delays add up from one
// device to the next, as in the fencer.
func (r *run) alternatives(ctx context.Context, l pengine.StepLevel) (bool, error) {
	if !slices.ContainsFunc(l.Ops, func(op pengine.Op) bool { return r.capable[op.Device] }) {
		for _, op := range l.Ops {
			r.event(Event{Kind: EventSkip, Device: op.Device, Action: op.Action, Detail: r.whyNot(op)})
		}
		return false, nil
	}
	usable, skips := r.search(ctx, l.Ops)
	r.report(skips)
	delay := time.Duration(r.step.Delay) * time.Second
	for i, op := range usable {
		delay += r.deviceDelay(op)
		ok, err := r.attempt(ctx, 0, op, delay)
		if err != nil || (!ok && op.Required) {
			return false, err
		}
		if !ok {
			continue
		}
		for _, next := range usable[i+1:] {
			if !next.Required {
				continue
			}
			if ok, err := r.attempt(ctx, 0, next, 0); err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	}
	return false, nil
}

// search is the executing fencer's own search: the ops that may run here
// and whose device can fence the target (checked again), those checked by
// status last, and the skip events of the others.
func (r *run) search(ctx context.Context, ops []pengine.Op) ([]pengine.Op, []Event) {
	var out []pengine.Op
	var skips []Event
	for _, status := range []bool{false, true} {
		for _, op := range ops {
			if r.f.exec.ByStatus(op) != status {
				continue
			}
			why := r.whyNot(op)
			if why == "" {
				if ok, reason := r.f.exec.Admits(ctx, op); !ok {
					why = reason
				}
			}
			if why != "" {
				skips = append(skips, Event{Kind: EventSkip, Device: op.Device, Action: op.Action, Detail: why})
				continue
			}
			out = append(out, op)
		}
	}
	return out, skips
}

func (r *run) report(events []Event) {
	for _, e := range events {
		r.event(e)
	}
}

// whyNot says why op cannot run here, or "": the plan says it never can,
// this node is not one of its nodes, or the device already ran in this
// phase.
func (r *run) whyNot(op pengine.Op) string {
	switch {
	case op.Unusable != "":
		return op.Unusable
	case !op.Nodes.ContainsFold(r.f.local):
		return fmt.Sprintf("%s may not run it (nodes: %s)", r.f.local, strings.Join(op.Nodes.Names(), " "))
	case r.used[phaseKey(op)]:
		return "already used in this phase of the request"
	}
	return ""
}

// blocked is whyNot, or the query's answer that the device cannot fence
// the target.
func (r *run) blocked(op pengine.Op) string {
	if why := r.whyNot(op); why != "" {
		return why
	}
	if !r.capable[op.Device] {
		return "the query found it cannot fence the target"
	}
	return ""
}

func phaseKey(op pengine.Op) string { return op.Device + "\x00" + string(op.Action) }

// deviceDelay is the device's delay before op: base plus a random part
// below max-base, in whole seconds.
func (r *run) deviceDelay(op pengine.Op) time.Duration {
	d := op.DelayBase
	if op.DelayMax > op.DelayBase {
		d += int(r.rnd(int64(op.DelayMax - op.DelayBase)))
	}
	return time.Duration(d) * time.Second
}

// attempt waits delay, runs op and records the outcome.
func (r *run) attempt(ctx context.Context, level int, op pengine.Op, delay time.Duration) (bool, error) {
	r.used[phaseKey(op)] = true
	r.started = true
	if delay > 0 {
		r.event(Event{Kind: EventDelay, Level: level, Device: op.Device, Action: op.Action, Took: delay})
		if err := lrm.Sleep(ctx, r.f.clock, delay); err != nil {
			return false, err
		}
	}
	a := r.f.exec.Fence(ctx, op, level, r.req.Target)
	if ctx.Err() != nil && a.Outcome != OutcomeSuccess {
		return false, ctx.Err()
	}
	if err := r.f.history.Attempt(r.req.ID, a); err != nil {
		return false, err
	}
	r.event(Event{Kind: EventAttempt, Level: level, Device: op.Device, Action: op.Action, Outcome: a.Outcome,
		Detail: a.Detail, Took: a.Finished.Sub(a.Started)})
	return a.Outcome == OutcomeSuccess, nil
}

// checkStep refuses a step that does not match the request.
func checkStep(req Request, step *pengine.Step) error {
	switch {
	case step == nil:
		return fmt.Errorf("fence %s: no plan step", req.Target)
	case step.Target != req.Target || step.Action != req.Action:
		return fmt.Errorf("fence %s %s: the step is for %s %s", req.Target, req.Action, step.Target, step.Action)
	}
	if _, err := cib.ParseFenceAction(string(req.Action)); err != nil {
		return fmt.Errorf("fence %s: %w", req.Target, err)
	}
	return nil
}
