package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// Run runs the daemon until ctx ends or corosync goes away (ErrLost).
func (d *Daemon) Run(ctx context.Context) error {
	defer d.cfg.Membership.Close()
	if err := d.ctl.Start(); err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	events := d.cfg.Membership.Events()
	for {
		select {
		case <-ctx.Done():
			return nil
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
// copied into the local history, a fencing request read back (its agent
// may now run), a final record read back (its outcome goes to the
// controller), and the live CIB.
func (d *Daemon) event(ctx context.Context, wg *sync.WaitGroup, e membership.Event) {
	var late []controller.Action
	d.mu.Lock()
	before := len(d.g.History())
	out := d.g.Step(e)
	var fresh []group.Record
	if h := d.g.History(); len(h) != before {
		fresh = h
	}
	for _, r := range fresh {
		if err := mirror(d.cfg.History, r, d.g.Local().Node, d.names); err != nil {
			d.notice("history: " + err.Error())
		}
		if a, ok := d.waiting[r.Request]; ok && r.Kind == group.KindRequest {
			delete(d.waiting, r.Request)
			if !d.g.Coordinating() {
				late = append(late, a)
				continue
			}
			wg.Go(func() {
				o := d.ctl.Do(ctx, a)
				select {
				case d.done <- o:
				case <-ctx.Done(): // stopping; the history keeps the outcome
				}
			})
		}
		if o, ok := d.finals[r.Request]; ok && r.Kind == group.KindFinal && r.Origin == d.g.Local().Node {
			delete(d.finals, r.Request)
			d.outcomes = append(d.outcomes, o)
		}
	}
	if err := d.writeLive(); err != nil {
		d.notice(err.Error())
	}
	d.report()
	d.mu.Unlock()
	d.send(out)
	for _, a := range late {
		d.abandon(a)
	}
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
	if err := d.cfg.History.Begin(req); err != nil {
		d.emit(controller.EventError, a.Target, "history: "+err.Error())
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
	d.finals[req.ID] = o
	d.mu.Unlock()
	d.record(group.Record{ID: req.ID + "/final", Kind: group.KindFinal, Request: req.ID, Final: req.Final})
}

// step lets the coordinator act: up records for members, orphans closed,
// then one controller step whose fencing requests are multicast first.
func (d *Daemon) step(ctx context.Context) {
	d.mu.Lock()
	if !d.g.Coordinating() {
		d.mu.Unlock()
		return
	}
	ups := d.g.Up(d.names)
	var orphans []group.Request
	for _, q := range d.g.Orphans() {
		if !d.closed[q.ID] {
			d.closed[q.ID] = true
			orphans = append(orphans, q)
		}
	}
	d.mu.Unlock()
	for _, name := range ups {
		d.record(group.Record{Kind: group.KindUp, Target: name})
	}
	for _, q := range orphans {
		d.fail(q.ID, q.Target, fencer.Final{State: fencer.StateFailed, Completed: d.cfg.Clock.Now(),
			Reason: fmt.Sprintf("interrupted: its coordinator (node %d) left the cluster before the outcome was known", q.Owner)})
	}
	if len(ups) > 0 || len(orphans) > 0 {
		return // step again once they are read back
	}
	d.mu.Lock()
	outcomes := d.outcomes
	d.outcomes = nil
	d.mu.Unlock()
	for _, a := range d.ctl.Step(d.ctl.Snapshot(ctx, outcomes)) {
		if a.Kind != controller.ActFence {
			d.later(d.ctl.Do(ctx, a))
			continue
		}
		d.mu.Lock()
		d.waiting[a.RequestID] = a
		d.mu.Unlock()
		d.record(group.Record{ID: a.RequestID, Request: a.RequestID, Kind: group.KindRequest, Target: a.Target,
			Action: string(a.Action)})
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
