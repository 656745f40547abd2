package main

import (
	"fmt"
	"io"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/pengine"
)

// writePlan prints plan in one of the plan command's formats.
func writePlan(w io.Writer, format string, plan *pengine.Result) error {
	var err error
	switch format {
	case "fences":
		for _, l := range plan.Fences() {
			if _, err = fmt.Fprintln(w, l); err != nil {
				break
			}
		}
	case "json":
		enc := jsonEncoder(w)
		err = enc.Encode(planJSON(plan))
	case "dot":
		err = writePlanDot(w, plan)
	case "text":
		err = writePlanText(w, plan)
	default:
		return withCode(exitUsage, fmt.Errorf("--format %q: want text, json, dot or fences", format))
	}
	if err != nil {
		return withCode(exitCantCreat, err)
	}
	return nil
}

// jsonAction is one action of the plan in JSON: the fence list's facts,
// a summary of its step (the devices that may be found able to fence the
// target, its topology levels) and the step itself (secret parameters
// hidden).
type jsonAction struct {
	Target  string          `json:"target"`
	Action  cib.FenceAction `json:"action"`
	Pseudo  bool            `json:"pseudo,omitempty"`
	Reason  string          `json:"reason"`
	DC      bool            `json:"dc,omitempty"`
	Delay   *int            `json:"priority_fencing_delay,omitempty"`
	After   []string        `json:"after,omitempty"`
	Devices []string        `json:"devices"`
	Levels  []jsonLevel     `json:"levels,omitempty"`
	Step    *pengine.Step   `json:"step,omitempty"`
}

// jsonLevel is one fencing-topology level of an action.
type jsonLevel struct {
	Index   int      `json:"index"`
	Devices []string `json:"devices"`
}

// jsonPlan is the whole plan in JSON.
type jsonPlan struct {
	Actions []jsonAction         `json:"actions"`
	Devices []pengine.DeviceInfo `json:"devices"`
	Blocked map[string][]string  `json:"blocked,omitempty"`
	Notes   []string             `json:"notes,omitempty"`
	Ignored []string             `json:"ignored_levels,omitempty"`
}

func planJSON(p *pengine.Result) jsonPlan {
	out := jsonPlan{Actions: []jsonAction{}, Devices: p.Devices, Blocked: p.Blocked, Notes: p.Notes, Ignored: p.Topology}
	for _, a := range p.Ordered() {
		ja := jsonAction{Target: a.Target, Action: a.Action, Pseudo: a.Pseudo, Reason: a.Reason, DC: a.DC,
			After: p.Before(a.Key()), Devices: []string{}, Step: a.Step}
		if a.Step != nil {
			ja.Devices = a.Step.Able(p.Fencers)
		}
		for _, l := range a.Step.TopologyLevels() {
			ja.Levels = append(ja.Levels, jsonLevel{Index: l.Index, Devices: l.Devices})
		}
		if a.HasDelay {
			d := a.Delay
			ja.Delay = &d
		}
		out.Actions = append(out.Actions, ja)
	}
	return out
}
