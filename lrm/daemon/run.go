package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// Run runs the daemon until ctx ends or corosync goes away (ErrLost).
// When ctx ends, the daemon announces it is leaving before it leaves the
// group, so the others re-elect and adopt its pending requests at once.
func (d *Daemon) Run(ctx context.Context) error {
	defer d.cfg.Membership.Close()
	d.closeUnknown()
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		d.mu.Lock()
		d.stopped = true
		close(d.changed)
		d.changed = make(chan struct{})
		d.mu.Unlock()
		cancel()
		wg.Wait()
	}()
	events := d.cfg.Membership.Events()
	// Nobody coordinates until dc-deadtime passed since a daemon of the
	// group started (or the group it joins is past that).
	ready := d.cfg.Clock.After(d.model.FencingOptions().DCDeadtime)
	for {
		select {
		case <-ctx.Done():
			d.send([][]byte{group.LeaveMessage()})
			return nil
		case <-ready:
			ready = nil
			d.send([][]byte{group.ReadyMessage()})
		case e, ok := <-events:
			if !ok {
				return ErrLost
			}
			d.event(runCtx, &wg, e)
			if d.cfg.OnChange != nil {
				d.cfg.OnChange()
			}
		case o := <-d.done:
			d.ended(o)
		case <-d.cfg.Clock.After(d.cfg.Poll):
		}
		d.step(runCtx)
	}
}

// closeUnknown ends, as failed, the requests this node's history holds
// pending that the cluster's history does not know (a run that saved no
// records): nobody will finish them. The pending requests the cluster
// knows are the coordinator's to adopt or close.
func (d *Daemon) closeUnknown() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.cfg.History.Pending() {
		if _, ok := d.g.Request(r.ID); ok {
			continue
		}
		fin := fencer.Final{State: fencer.StateFailed, Completed: d.cfg.Clock.Now(),
			Reason: "interrupted: the daemon stopped before the outcome was known"}
		if err := d.cfg.History.Finish(r.ID, fin); err != nil {
			d.notice("history: " + err.Error())
			continue
		}
		d.emit(controller.EventError, r.Target, fmt.Sprintf("request %s was interrupted by a restart: it counts as failed", r.ID))
	}
}

// send multicasts messages; a failure means corosync is going away, which
// the event stream reports.
func (d *Daemon) send(msgs [][]byte) {
	for _, m := range msgs {
		if err := d.cfg.Membership.Send(m); err != nil {
			d.emit(controller.EventError, "", "multicast: "+err.Error())
		}
	}
}

// record multicasts a new record of this node.
func (d *Daemon) record(r group.Record) {
	d.mu.Lock()
	_, msg, err := d.g.Record(r, d.cfg.Clock.Now())
	d.mu.Unlock()
	if err != nil {
		d.emit(controller.EventError, r.Target, err.Error())
		return
	}
	d.send([][]byte{msg})
}

// event applies one membership event: the group's state, the records
// saved and copied into the local history, a fencing request read back
// (its agent may now run), a final record read back (its outcome goes to
// the controller), the asks addressed to this node, and the live CIB.
func (d *Daemon) event(ctx context.Context, wg *sync.WaitGroup, e membership.Event) {
	var late []controller.Action
	d.mu.Lock()
	before := len(d.g.History())
	out := d.g.Step(e)
	learnt := d.g.TakeFresh()
	if err := saveRecords(d.cfg.Records, learnt); err != nil {
		d.notice(err.Error())
	} else {
		d.saved += len(learnt)
	}
	d.reportGone()
	if d.g.TakeExpectedChanged() && d.cfg.Records != "" {
		if err := saveExpected(expectedPath(d.cfg.Records), d.g.Expected()); err != nil {
			d.notice(err.Error())
		}
	}
	for _, r := range learnt {
		d.cancelConfirmed(r)
	}
	var fresh []group.Record
	if h := d.g.History(); len(h) != before {
		fresh = h
	}
	local := d.g.Local()
	for _, r := range fresh {
		if err := mirror(d.cfg.History, r, local.Node, d.names); err != nil {
			d.notice("history: " + err.Error())
		}
		d.runHanded(ctx, wg, r)
		mine := r.Origin == local.Node && r.PID == local.PID
		if a, ok := d.waiting[r.Request]; ok && mine && (r.Kind == group.KindRequest || r.Kind == group.KindAdopt) {
			delete(d.waiting, r.Request)
			d.parked = append(d.parked, a)
		}
		if r.Kind != group.KindFinal {
			continue
		}
		if o, ok := d.finals[r.Request]; ok && mine {
			delete(d.finals, r.Request)
			d.outcomes = append(d.outcomes, o)
		}
		if acts, ok := d.merged[r.Request]; ok {
			delete(d.merged, r.Request)
			req := d.requestOf(d.request(r.Request))
			for _, a := range acts {
				// The planned request's outcome is the one it was merged
				// into, under its own id.
				o := controller.Outcome{Action: a, Request: req}
				o.Request.ID = a.RequestID
				d.outcomes = append(d.outcomes, o)
			}
		}
	}
	// A request read back while the group changes waits until it settled:
	// its agent runs if this node still coordinates then.
	if d.g.Settled() {
		for _, a := range d.parked {
			if d.g.Coordinating() {
				d.start(ctx, wg, a)
			} else {
				late = append(late, a)
			}
		}
		d.parked = nil
	}
	if d.g.Coordinating() {
		d.asks = append(d.asks, d.g.TakeAsks()...) // answered by the next step
	} else {
		d.g.TakeAsks() // the asker asks the coordinator again
	}
	d.compact()
	if err := d.writeLive(); err != nil {
		d.notice(err.Error())
	}
	d.report()
	close(d.changed)
	d.changed = make(chan struct{})
	d.mu.Unlock()
	d.send(out)
	for _, a := range late {
		d.abandon(a)
	}
}

// request returns request id as the cluster's history tells it (d.mu
// held).
func (d *Daemon) request(id string) group.Request {
	q, _ := d.g.Request(id)
	return q
}

// start runs the agent of a request read back (d.mu held); a
// confirmation of its target cancels it.
func (d *Daemon) start(ctx context.Context, wg *sync.WaitGroup, a controller.Action) {
	rctx, stop := context.WithCancelCause(ctx)
	d.running[a.RequestID] = running{target: a.Target, stop: stop}
	wg.Go(func() {
		defer stop(nil)
		o := d.ctl.Do(rctx, a)
		select {
		case d.done <- o:
		case <-ctx.Done(): // stopping; the history keeps the outcome
		}
	})
}

// abandon ends a request whose record came back after this node stopped
// coordinating: its agent never ran, so it failed, here and in the
// cluster's history, and the controller hears so.
func (d *Daemon) abandon(a controller.Action) {
	now := d.cfg.Clock.Now()
	req := fencer.Request{ID: a.RequestID, Target: a.Target, Action: a.Action, Origin: d.cfg.Node,
		Client: "controller", Requested: now}
	fin := fencer.Final{State: fencer.StateFailed, Completed: now,
		Reason: "abandoned: this node stopped coordinating before the agent ran"}
	if _, ok := d.cfg.History.Get(req.ID); !ok {
		if err := d.cfg.History.Begin(req); err != nil {
			d.emit(controller.EventError, a.Target, "history: "+err.Error())
		}
	}
	d.fail(req.ID, req.Target, fin)
	req.State, req.Final = fencer.StateFailed, &fin
	d.later(controller.Outcome{Action: a, Request: req, Err: errors.New(fin.Reason)})
}

// fail ends the pending request id as failed, in this node's history
// (the records this node makes reach it here, not through mirror) and in
// the cluster's.
func (d *Daemon) fail(id, target string, fin fencer.Final) {
	if r, ok := d.cfg.History.Get(id); ok && r.State == fencer.StatePending {
		if err := d.cfg.History.Finish(id, fin); err != nil {
			d.emit(controller.EventError, target, "history: "+err.Error())
		}
	}
	d.record(group.Record{ID: id + "/final", Kind: group.KindFinal, Request: id, Final: &fin})
}

// later hands an outcome to the controller's next step.
func (d *Daemon) later(o controller.Outcome) {
	d.mu.Lock()
	d.outcomes = append(d.outcomes, o)
	d.mu.Unlock()
}

// ended multicasts a fencing request's attempts and final state; the
// controller hears of it once the final record is read back.
func (d *Daemon) ended(o controller.Outcome) {
	req := o.Request
	d.mu.Lock()
	delete(d.running, o.Action.RequestID)
	handed := d.handed[o.Action.RequestID] // its outcome is the coordinator's to hear
	d.mu.Unlock()
	if req.ID == "" {
		d.later(o)
		return
	}
	for i, a := range req.Attempts {
		d.record(group.Record{ID: fmt.Sprintf("%s/attempt/%d", req.ID, i), Kind: group.KindAttempt,
			Request: req.ID, Attempt: &a})
	}
	if req.Final == nil {
		d.later(o)
		return
	}
	d.mu.Lock()
	if !handed {
		d.finals[req.ID] = o
	}
	d.mu.Unlock()
	if handed {
		how := string(req.Final.State)
		if req.Final.Reason != "" {
			how += ": " + req.Final.Reason
		}
		d.emit(controller.EventFence, req.Target, fmt.Sprintf("request %s, handed over, ended %s", req.ID, how))
	}
	d.record(group.Record{ID: req.ID + "/final", Kind: group.KindFinal, Request: req.ID, Final: req.Final})
}

// step lets the coordinator act: up records for members, one controller
// step whose fencing requests are multicast first (or merged into a
// request against the same target already pending), the orphans adopted,
// then the asks addressed to it answered.
func (d *Daemon) step(ctx context.Context) {
	d.mu.Lock()
	if !d.g.Coordinating() {
		d.asks = nil
		d.mu.Unlock()
		return
	}
	ups := d.g.Up(d.names)
	outcomes := d.outcomes
	if len(ups) == 0 {
		d.outcomes = nil
	}
	d.mu.Unlock()
	for _, name := range ups {
		d.record(group.Record{Kind: group.KindUp, Target: name})
	}
	if len(ups) > 0 {
		return // step again once they are read back
	}
	for _, a := range d.ctl.Step(d.ctl.Snapshot(ctx, outcomes)) {
		if a.Kind != controller.ActFence {
			d.later(d.ctl.Do(ctx, a))
			continue
		}
		d.mu.Lock()
		if q, ok := d.g.Pending(a.Target, string(a.Action)); ok {
			d.merged[q.ID] = append(d.merged[q.ID], a)
			d.mu.Unlock()
			d.emit(controller.EventFence, a.Target, fmt.Sprintf("request %s merged into %s, pending", a.RequestID, q.ID))
			continue
		}
		runner := d.runnerFor(a.Step)
		if runner != nil {
			d.handOff(a, runner)
		} else {
			d.waiting[a.RequestID] = a
		}
		d.mu.Unlock()
		d.record(group.Record{ID: a.RequestID, Request: a.RequestID, Kind: group.KindRequest, Target: a.Target,
			Action: string(a.Action), Runner: runner})
	}
	d.adoptOrphans()
	d.mu.Lock()
	var out [][]byte
	for _, a := range d.asks {
		out = append(out, d.answer(a, d.cfg.Clock.Now())...)
	}
	d.asks = nil
	d.mu.Unlock()
	d.send(out)
}

// adoptOrphans takes over the pending requests whose owner left: each is
// carried out again, as the same request, once its adopt record is read
// back. Its first run's outcome is unknown, so it is done only when this
// node's device confirms it. An orphan whose target is a member again is
// closed as failed instead: the node is up, and fencing it now would not
// be the request that was made.
func (d *Daemon) adoptOrphans() {
	d.mu.Lock()
	var orphans []group.Request
	for _, q := range d.g.Orphans() {
		if !d.closed[q.ID] {
			d.closed[q.ID] = true
			orphans = append(orphans, q)
		}
	}
	local := d.g.Local()
	d.mu.Unlock()
	for _, q := range orphans {
		why := fmt.Sprintf("interrupted: its owner (node %d) left the cluster before the outcome was known", q.Owner.Node)
		d.mu.Lock()
		id, _ := d.nodeID(q.Target)
		member := d.g.NodeStatus(id, q.Target) == group.NodeMember
		d.mu.Unlock()
		if member {
			d.fail(q.ID, q.Target, fencer.Final{State: fencer.StateFailed, Completed: d.cfg.Clock.Now(),
				Reason: why + "; " + q.Target + " is a member again"})
			continue
		}
		step, err := d.ctl.StepFor(q.Target, cib.FenceAction(q.Action))
		if err != nil {
			d.fail(q.ID, q.Target, fencer.Final{State: fencer.StateFailed, Completed: d.cfg.Clock.Now(),
				Reason: why + "; not adopted: " + err.Error()})
			continue
		}
		a := controller.Action{Kind: controller.ActFence, Target: q.Target, Action: cib.FenceAction(q.Action),
			RequestID: q.ID, Step: step}
		d.mu.Lock()
		runner := d.runnerFor(step)
		if runner != nil {
			d.handOff(a, runner)
		} else {
			d.waiting[q.ID] = a
		}
		d.mu.Unlock()
		d.emit(controller.EventFence, q.Target, fmt.Sprintf("adopting request %s: %s", q.ID, why))
		d.record(group.Record{ID: fmt.Sprintf("%s/adopt/%d-%d", q.ID, local.Node, local.PID), Kind: group.KindAdopt,
			Request: q.ID, Runner: runner})
	}
}

// notice emits a message once (d.mu held).
func (d *Daemon) notice(msg string) {
	if d.notices[msg] {
		return
	}
	d.notices[msg] = true
	d.emit(controller.EventError, "", msg)
}

// report emits the configuration mismatches and the loss of quorum once
// each (d.mu held).
func (d *Daemon) report() {
	s := d.g.Status()
	for _, p := range s.Mismatch {
		d.notice(fmt.Sprintf("configuration mismatch: node %s runs %s, the cluster runs %s (the highest version wins)",
			p.Name, p.Config, s.Winner))
	}
	if s.Settled && !s.Quorate {
		d.notice(fmt.Sprintf("partition without quorum: %d of %d expected votes", len(s.Quorum), s.Expected))
	} else if s.Quorate {
		delete(d.notices, fmt.Sprintf("partition without quorum: %d of %d expected votes", len(s.Quorum), s.Expected))
	}
}
