package daemon

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
)

// The reply codes an answer's error carries, so the asker's error matches
// the controller's sentinels (and the API's reply codes) with errors.Is.
var replyCodes = map[string]error{
	"no-such-node": controller.ErrNoSuchNode,
	"bad-action":   controller.ErrBadAction,
	"no-plan":      controller.ErrNoPlan,
}

// codedError is an error the coordinator replied with.
type codedError struct {
	msg      string
	sentinel error
}

func (e *codedError) Error() string { return e.msg }
func (e *codedError) Unwrap() error { return e.sentinel }

// forward carries out an API request that fences or confirms: it is
// multicast to the coordinator, which carries it out as it does the
// plan's requests, and the reply is the request once it ended. It fails
// at once when this partition has no quorum (nobody fences in it).
func (d *Daemon) forward(ctx context.Context, req controller.APIRequest) (fencer.Request, error) {
	ask, err := d.newAsk(req)
	if err != nil {
		return fencer.Request{}, err
	}
	defer func() {
		d.mu.Lock()
		d.g.Forget(ask.ID)
		d.mu.Unlock()
	}()
	for {
		d.mu.Lock()
		msg, r, done, err := d.askState(&ask)
		changed := d.changed
		d.mu.Unlock()
		if done {
			return r, err
		}
		if msg != nil {
			d.send([][]byte{msg})
		}
		select {
		case <-ctx.Done():
			return r, fmt.Errorf("%s %s: %w (request %s)", ask.Op, ask.Target, ctx.Err(), ask.ID)
		case <-changed:
		}
	}
}

// newAsk checks req against the configuration (the same on every node)
// and makes the ask that forwards it.
func (d *Daemon) newAsk(req controller.APIRequest) (group.Ask, error) {
	a := group.Ask{Op: req.Op, Target: req.Target, Action: string(req.Action)}
	switch req.Op {
	case controller.OpFence:
		if a.Action == "" {
			a.Action = string(cib.FenceReboot)
		}
		if _, err := cib.ParseFenceAction(a.Action); err != nil {
			return a, fmt.Errorf("fence %s: %q: %w", req.Target, a.Action, controller.ErrBadAction)
		}
	case controller.OpConfirm, controller.OpDone:
		a.Action = string(cib.FenceOff)
	default:
		return a, fmt.Errorf("%w %q", controller.ErrUnknownOp, req.Op)
	}
	name, ok := d.nodeName(req.Target)
	if !ok {
		return a, fmt.Errorf("%s %s: %w", req.Op, req.Target, controller.ErrNoSuchNode)
	}
	a.Target = name
	d.mu.Lock()
	d.seq++
	local := d.g.Local()
	a.ID = fmt.Sprintf("%s-%s-%d-%d-%d-%s", name, a.Op, local.Node, local.PID, d.seq,
		strconv.FormatInt(d.cfg.Clock.Now().UnixNano(), 36))
	d.mu.Unlock()
	return a, nil
}

// askState tells where the ask stands (d.mu held): done with the request
// or an error, or not yet, with the message to (re)send when the
// coordinator changed before it answered.
func (d *Daemon) askState(a *group.Ask) (msg []byte, r fencer.Request, done bool, err error) {
	if d.stopped {
		return nil, r, true, fmt.Errorf("%s %s: %w", a.Op, a.Target, ErrLost)
	}
	rep, replied := d.g.Reply(a.ID)
	settled, quorate := d.g.Settled(), d.g.Quorum().Quorate
	if replied {
		if rep.Error != "" {
			return nil, r, true, &codedError{msg: rep.Error, sentinel: replyCodes[rep.Code]}
		}
		q, ok := d.g.Request(rep.Request)
		switch {
		case ok && q.State != fencer.StatePending:
			return nil, d.requestOf(q), true, nil
		case ok && settled && !quorate && !slices.Contains(d.g.Members(), q.Owner):
			return nil, d.requestOf(q), true, fmt.Errorf("%s %s: request %s is pending, its owner (node %d) left and %w",
				a.Op, a.Target, q.ID, q.Owner.Node, ErrNoQuorum)
		}
		return nil, r, false, nil
	}
	if !settled {
		return nil, r, false, nil // the group is changing: ask once it settled
	}
	if !quorate {
		s := d.g.Status()
		return nil, r, true, fmt.Errorf("%s %s: %w (%d of %d expected votes)", a.Op, a.Target, ErrNoQuorum,
			len(s.Quorum), s.Expected)
	}
	c, ok := d.g.Coordinator()
	if !ok || c == a.To {
		return nil, r, false, nil
	}
	a.To = c
	msg, err = group.AskMessage(*a)
	if err != nil {
		return nil, r, true, err
	}
	return msg, r, false, nil
}

// requestOf returns request q as this node's history holds it, or as the
// cluster's history tells it (d.mu held).
func (d *Daemon) requestOf(q group.Request) fencer.Request {
	if r, ok := d.cfg.History.Get(q.ID); ok && r.State == q.State {
		return r
	}
	r := fencer.Request{ID: q.ID, Target: q.Target, Action: cib.FenceAction(q.Action), Requested: q.Created, State: q.State}
	if q.State != fencer.StatePending {
		r.Final = &fencer.Final{State: q.State, By: q.By, Completed: q.Ended}
	}
	return r
}

// answer carries out an ask addressed to this node, the coordinator
// (d.mu held), and returns the messages to multicast: the records of the
// request that carries it out, and the reply. A fence is merged into a
// request against the same target for the same action already pending; a
// confirmation cancels the agents running against its target once its
// record is read back, here and on any node a request was handed to
// (cancelConfirmed).
func (d *Daemon) answer(a group.Ask, now time.Time) [][]byte {
	reply := func(req string, err error) []byte {
		r := group.Reply{Ask: a.ID, Request: req}
		if err != nil {
			r.Error = err.Error()
			for code, sentinel := range replyCodes {
				if errors.Is(err, sentinel) {
					r.Code = code
				}
			}
		}
		return group.ReplyMessage(r)
	}
	if id, ok := d.asked[a.ID]; ok {
		return [][]byte{reply(id, nil)} // asked again: the coordinator changed meanwhile
	}
	if _, ok := d.g.Request(a.ID); ok {
		return [][]byte{reply(a.ID, nil)} // carried out by an earlier coordinator
	}
	if a.Op == group.AskFence {
		if q, ok := d.g.Pending(a.Target, a.Action); ok {
			d.asked[a.ID] = q.ID
			return [][]byte{reply(q.ID, nil)}
		}
		step, err := d.ctl.StepFor(a.Target, cib.FenceAction(a.Action))
		if err != nil {
			return [][]byte{reply("", err)}
		}
		runner := d.runnerFor(step)
		_, msg, err := d.g.Record(group.Record{ID: a.ID, Request: a.ID, Kind: group.KindRequest, Target: a.Target,
			Action: a.Action, Runner: runner}, now)
		if err != nil {
			return [][]byte{reply("", err)}
		}
		act := controller.Action{Kind: controller.ActFence, Target: a.Target,
			Action: cib.FenceAction(a.Action), RequestID: a.ID, Step: step}
		if runner != nil {
			d.handOff(act, runner)
		} else {
			d.waiting[a.ID] = act
		}
		d.asked[a.ID] = a.ID
		return [][]byte{msg, reply(a.ID, nil)}
	}
	by, who := fencer.ByOperator, "an operator"
	if a.Op == group.AskDone {
		by, who = fencer.ByLowerLayer, "a lower layer"
	}
	req := fencer.Request{ID: a.ID, Target: a.Target, Action: cib.FenceOff, Origin: d.cfg.Node, Client: string(by),
		Requested: now}
	fin := fencer.Final{State: fencer.StateDone, By: by, Delegate: who, Completed: now}
	if err := d.cfg.History.Begin(req); err != nil {
		return [][]byte{reply("", err)}
	}
	if err := d.cfg.History.Finish(req.ID, fin); err != nil {
		return [][]byte{reply("", err)}
	}
	_, m1, err1 := d.g.Record(group.Record{ID: a.ID, Request: a.ID, Kind: group.KindRequest, Target: a.Target,
		Action: string(cib.FenceOff)}, now)
	_, m2, err2 := d.g.Record(group.Record{ID: a.ID + "/final", Request: a.ID, Kind: group.KindFinal, Final: &fin}, now)
	if err1 != nil || err2 != nil {
		return [][]byte{reply("", fmt.Errorf("%s %s: %v %v", a.Op, a.Target, err1, err2))}
	}
	req.State, req.Final = fencer.StateDone, &fin
	d.finals[a.ID] = controller.Outcome{Action: controller.Action{Kind: controller.ActFence, Target: a.Target,
		Action: cib.FenceOff, RequestID: a.ID}, Request: req}
	d.asked[a.ID] = a.ID
	d.emit(controller.EventFence, a.Target, fmt.Sprintf("confirmed by %s (%s), asked by node %d", who, by,
		askerOf(a.ID)))
	return [][]byte{m1, m2, reply(a.ID, nil)}
}

// askerOf returns the node id an ask id names (0 if it names none).
func askerOf(id string) uint64 {
	f := strings.Split(id, "-")
	if len(f) < 5 {
		return 0
	}
	n, _ := strconv.ParseUint(f[len(f)-4], 10, 32)
	return n
}

// nodeName returns the configuration's name of node target (matched
// without regard to case).
func (d *Daemon) nodeName(target string) (string, bool) {
	for _, n := range d.model.Nodes {
		if strings.EqualFold(n.Uname, target) {
			return n.Uname, true
		}
	}
	return "", false
}

// nodeID returns the corosync node id of the node named name.
func (d *Daemon) nodeID(name string) (uint32, bool) {
	for id, n := range d.names {
		if strings.EqualFold(n, name) {
			return id, true
		}
	}
	return 0, false
}
