package controller

import (
	"context"
	"errors"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// Do carries out one action of a step and returns its outcome, for the
// next step: a fencing request through the fencer (its step as the plan
// gave it), a record written into the CIB file, a device started or
// stopped. A request canceled because its target was confirmed down
// meanwhile ends as failed.
func (c *Controller) Do(ctx context.Context, a Action) Outcome {
	o := Outcome{Action: a}
	switch a.Kind {
	case ActFence:
		req := fencer.Request{ID: a.RequestID, Target: a.Target, Action: a.Action, Origin: c.cfg.Node,
			Client: "controller", Requested: c.cfg.Clock.Now()}
		o.Request, o.Err = c.fencer.Fence(ctx, req, a.Step)
		if o.Err != nil && errors.Is(context.Cause(ctx), ErrConfirmed) {
			_ = c.fencer.History().Finish(req.ID, fencer.Final{State: fencer.StateFailed,
				Reason: "canceled: " + ErrConfirmed.Error(), Completed: c.cfg.Clock.Now()})
			o.Request, _ = c.fencer.History().Get(req.ID)
		}
		c.compactHistory()
	case ActRecordFenced:
		o.Err = updateCIB(c.cfg.CIB, func(d *cib.Document) error { return markFenced(d, a.Target) })
	case ActRecordUnfenced:
		now := c.cfg.Clock.Now().Unix()
		o.Err = updateCIB(c.cfg.CIB, func(d *cib.Document) error { return markUnfenced(d, a.Target, now) })
	case ActStartDevice:
		o.Status = c.devs.start(ctx, a.Device)
	case ActStopDevice:
		c.devs.stop(a.DeviceID)
	}
	return o
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
		c.emit(Event{Kind: EventError, Detail: "compacting the history: " + err.Error()})
	}
}
