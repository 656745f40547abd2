package daemon

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/lrm/membership"
	"github.com/executioner-ha/executioner/pengine"
)

// runnerFor returns the daemon to hand a request to when the step's
// placement keeps every device that may fence the target off this node:
// the member of lowest node id, running the winning configuration, not
// leaving and not the target, where the first such device may run. It
// returns nil when this node may run one, or nobody else may (d.mu
// held).
func (d *Daemon) runnerFor(step *pengine.Step) *membership.Process {
	if step == nil {
		return nil
	}
	var ops []pengine.Op
	for _, l := range step.Levels {
		for _, op := range l.Ops {
			if op.MayFence() {
				ops = append(ops, op)
			}
		}
	}
	may := func(op pengine.Op, name string) bool {
		return op.Nodes.ContainsFold(name)
	}
	if len(ops) == 0 || slices.ContainsFunc(ops, func(op pengine.Op) bool { return may(op, d.cfg.Node) }) {
		return nil
	}
	s := d.g.Status()
	for _, op := range ops {
		for _, p := range s.Members {
			if p.Config.Digest != s.Winner.Digest || d.g.Leaving(p.Node) || strings.EqualFold(p.Name, step.Target) ||
				!may(op, p.Name) {
				continue
			}
			for _, m := range d.g.Members() {
				if m.Node == p.Node {
					return &m
				}
			}
		}
	}
	return nil
}

// handOff notes that request a is carried out by runner: its outcome
// reaches the controller when runner's final record is read back (d.mu
// held).
func (d *Daemon) handOff(a controller.Action, runner *membership.Process) {
	d.merged[a.RequestID] = append(d.merged[a.RequestID], a)
	d.emit(controller.EventFence, a.Target, fmt.Sprintf("request %s handed to node %d: placement keeps its devices off this node",
		a.RequestID, runner.Node))
}

// runHanded starts the requests handed to this daemon whose record r
// was read back (d.mu held): this node builds the step from its own plan
// (the same configuration) and runs it; the attempts and final it
// records are the request's.
func (d *Daemon) runHanded(ctx context.Context, wg *sync.WaitGroup, r group.Record) {
	local := d.g.Local()
	if (r.Kind != group.KindRequest && r.Kind != group.KindAdopt) || r.Runner == nil || *r.Runner != local ||
		d.handed[r.Request] {
		return
	}
	q, ok := d.g.Request(r.Request)
	if !ok || q.State != fencer.StatePending || q.Owner != local {
		return
	}
	d.handed[q.ID] = true
	rctx, stop := context.WithCancelCause(ctx)
	d.running[q.ID] = running{target: q.Target, stop: stop}
	d.emit(controller.EventFence, q.Target, fmt.Sprintf("carrying out request %s, handed over by node %d", q.ID, r.Origin))
	wg.Go(func() {
		defer stop(nil)
		fail := func(why string) {
			d.mu.Lock()
			delete(d.running, q.ID)
			d.mu.Unlock()
			d.fail(q.ID, q.Target, fencer.Final{State: fencer.StateFailed, Completed: d.cfg.Clock.Now(), Reason: why})
		}
		step, err := d.ownStep(rctx, q.Target, cib.FenceAction(q.Action))
		if err != nil {
			fail(fmt.Sprintf("handed over, not carried out: %v", err))
			return
		}
		o := d.ctl.Do(rctx, controller.Action{Kind: controller.ActFence, Target: q.Target, Action: cib.FenceAction(q.Action),
			RequestID: q.ID, Step: step})
		if o.Request.ID == "" || o.Request.Final == nil {
			fail(fmt.Sprintf("handed over, not carried out: %v", o.Err))
			return
		}
		select {
		case d.done <- o:
		case <-ctx.Done():
		}
	})
}

// ownStep plans the request against target from this node's live CIB,
// as the coordinator plans it.
func (d *Daemon) ownStep(ctx context.Context, target string, action cib.FenceAction) (*pengine.Step, error) {
	s := d.ctl.Snapshot(ctx, nil)
	if s.ReadErr != nil {
		return nil, s.ReadErr
	}
	doc, err := cib.Parse(s.CIB)
	if err != nil {
		return nil, err
	}
	return pengine.StepFor(pengine.Input{Model: doc.Model(), Now: s.Now, Agents: s.Agents}, target, action)
}
