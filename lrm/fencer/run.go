package fencer

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// run is one request being carried out.
type run struct {
	f      *Fencer
	cfg    Config
	notify func(Event)
	rnd    func(int64) int64
	req    Request
	delay  time.Duration // requested delay, for the first device only
	tried  map[string]bool
	first  bool
}

// stage is a topology level, or a single capable device without topology
// (Level 0).
type stage struct {
	level   int
	devices []*Device
}

func (r *run) event(e Event) {
	if r.notify == nil {
		return
	}
	e.Time, e.Request, e.Target = time.Now(), r.req.ID, r.req.Target
	if e.Action == "" {
		e.Action = r.req.Action
	}
	r.notify(e)
}

// carryOut tries the stages in order until one succeeds and returns the
// final record; an error means ctx ended or the history failed.
func (r *run) carryOut(ctx context.Context) (Final, error) {
	stages, why := r.stages(ctx)
	if len(stages) == 0 {
		return Final{State: StateFailed, Reason: why, Completed: time.Now()}, nil
	}
	r.first = true
	for _, st := range stages {
		r.event(Event{Kind: EventLevel, Level: st.level, Detail: ids(st.devices)})
		ok, err := r.runStage(ctx, st)
		if err != nil {
			return Final{}, err
		}
		if ok {
			return Final{State: StateDone, By: ByDevice, Delegate: ids(st.devices), Completed: time.Now()}, nil
		}
	}
	reason := "all topology levels failed"
	if stages[0].level == 0 {
		reason = "every capable device failed"
	}
	return Final{State: StateFailed, Reason: reason, Completed: time.Now()}, nil
}

// stages lists what may be tried: the target's topology levels whose
// devices are all usable, or without topology every usable device.
func (r *run) stages(ctx context.Context) ([]stage, string) {
	levels := Topology(r.cfg.Model, r.req.Target)
	if len(levels) == 0 {
		var out []stage
		for _, d := range r.cfg.Devices {
			if ok, _ := r.usable(ctx, d); ok {
				out = append(out, stage{devices: []*Device{d}})
			}
		}
		return out, fmt.Sprintf("no device can fence %s", r.req.Target)
	}
	var out []stage
	for _, l := range levels {
		st, why := r.levelStage(ctx, l)
		if why != "" {
			r.event(Event{Kind: EventSkip, Level: l.Index, Detail: why})
			continue
		}
		out = append(out, st)
	}
	return out, fmt.Sprintf("no topology level for %s can be carried out", r.req.Target)
}

func (r *run) levelStage(ctx context.Context, l Level) (stage, string) {
	st := stage{level: l.Index}
	for _, id := range l.Devices {
		d := r.device(id)
		if d == nil {
			return stage{}, fmt.Sprintf("device %s is not running on %s", id, r.f.local)
		}
		if ok, why := r.usable(ctx, d); !ok {
			return stage{}, fmt.Sprintf("device %s: %s", id, why)
		}
		st.devices = append(st.devices, d)
	}
	return st, ""
}

func (r *run) device(id string) *Device {
	for _, d := range r.cfg.Devices {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// usable reports whether d may carry out the request: it can fence the
// target, supports on when that is asked, and is a suicide-class device if
// the request would power this node off (unfencing it is allowed).
func (r *run) usable(ctx context.Context, d *Device) (bool, string) {
	c, err := r.f.exec.Capabilities(ctx, d)
	if err != nil {
		return false, fmt.Sprintf("metadata: %v", err)
	}
	if r.req.Action == "on" && !c.On {
		return false, "its agent has no on action"
	}
	if r.req.Action != "on" && isLocal(r.req.Target, r.f.local) && !c.SelfFencing {
		return false, "a node fences itself only through a suicide-class device"
	}
	return r.f.exec.CanFence(ctx, d, r.req.Target, r.cfg.Timeout)
}

// runStage runs the devices of a stage one after another; all must
// succeed. A reboot on several devices is all off, then all on (whose
// failures do not fail the stage).
func (r *run) runStage(ctx context.Context, st stage) (bool, error) {
	for _, d := range st.devices {
		if r.tried[d.ID] {
			r.event(Event{Kind: EventSkip, Level: st.level, Device: d.ID, Detail: "already tried in this request"})
			return false, nil
		}
	}
	if r.req.Action == "reboot" && len(st.devices) > 1 {
		for _, d := range st.devices {
			if ok, err := r.attempt(ctx, st.level, d, "off"); err != nil || !ok {
				return false, err
			}
		}
		for _, d := range st.devices {
			if r.onPhase(ctx, d) {
				if _, err := r.attempt(ctx, st.level, d, "on"); err != nil {
					return false, err
				}
			}
		}
		return true, nil
	}
	for _, d := range st.devices {
		action := r.req.Action
		if c, _ := r.f.exec.Capabilities(ctx, d); action == "reboot" && !c.Reboot {
			action = "off"
		}
		if ok, err := r.attempt(ctx, st.level, d, action); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// onPhase reports whether the on phase of a multi-device reboot runs d.
func (r *run) onPhase(ctx context.Context, d *Device) bool {
	c, _ := r.f.exec.Capabilities(ctx, d)
	return c.On && !c.AutoOn && !strings.EqualFold(d.Params["pcmk_reboot_action"], "off")
}

// attempt waits the delays, runs action on d and records the outcome.
func (r *run) attempt(ctx context.Context, level int, d *Device, action string) (bool, error) {
	r.tried[d.ID] = true
	if action == "off" || action == "reboot" {
		wait := d.Delay(r.req.Target, r.rnd)
		if r.first {
			wait += r.delay
		}
		if wait > 0 {
			r.event(Event{Kind: EventDelay, Level: level, Device: d.ID, Took: wait})
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return false, ctx.Err()
			case <-t.C:
			}
		}
	}
	r.first = false
	a := r.f.exec.Fence(ctx, d, action, r.req.Target, r.cfg.Timeout)
	a.Level = level
	if ctx.Err() != nil && a.Outcome != OutcomeSuccess {
		return false, ctx.Err()
	}
	if err := r.f.history.Attempt(r.req.ID, a); err != nil {
		return false, err
	}
	r.event(Event{Kind: EventAttempt, Level: level, Device: d.ID, Action: action, Outcome: a.Outcome,
		Detail: a.Detail, Took: a.Finished.Sub(a.Started)})
	return a.Outcome == OutcomeSuccess, nil
}

func ids(ds []*Device) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.ID)
	}
	return strings.Join(s, ",")
}
