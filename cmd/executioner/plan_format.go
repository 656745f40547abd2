package main

import (
	"fmt"
	"io"
	"strings"

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

type jsonAction struct {
	Target  string          `json:"target"`
	Action  string          `json:"action"`
	Pseudo  bool            `json:"pseudo,omitempty"`
	Reason  string          `json:"reason"`
	DC      bool            `json:"dc,omitempty"`
	Delay   *int            `json:"priority_fencing_delay,omitempty"`
	After   []string        `json:"after,omitempty"`
	Devices []string        `json:"devices,omitempty"`
	Levels  []pengine.Level `json:"levels,omitempty"`
}

type jsonPlan struct {
	Actions []jsonAction        `json:"actions"`
	Blocked map[string][]string `json:"blocked,omitempty"`
	Notes   []string            `json:"notes,omitempty"`
}

func planJSON(p *pengine.Result) jsonPlan {
	out := jsonPlan{Actions: []jsonAction{}, Blocked: p.Blocked, Notes: p.Notes}
	for _, a := range p.Actions {
		ja := jsonAction{Target: a.Target, Action: a.Action, Pseudo: a.Pseudo, Reason: a.Reason, DC: a.DC,
			Devices: a.Devices, Levels: a.Levels}
		if a.HasDelay {
			d := a.Delay
			ja.Delay = &d
		}
		for _, e := range p.Edges {
			if e.Then == a.Key() {
				ja.After = append(ja.After, e.First)
			}
		}
		out.Actions = append(out.Actions, ja)
	}
	return out
}

func writePlanDot(w io.Writer, p *pengine.Result) error {
	var b strings.Builder
	b.WriteString("digraph fencing {\n")
	for _, a := range p.Actions {
		style := ""
		if a.Pseudo {
			style = ", style=dashed"
		}
		fmt.Fprintf(&b, "  %q [label=%q%s];\n", a.Key(), a.Action+" "+a.Target, style)
	}
	for _, e := range p.Edges {
		fmt.Fprintf(&b, "  %q -> %q;\n", e.First, e.Then)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writePlanText(w io.Writer, p *pengine.Result) error {
	var b strings.Builder
	if len(p.Actions) == 0 {
		b.WriteString("Nothing to fence.\n")
	}
	for i, a := range p.Ordered() {
		kind := "fence"
		if a.Pseudo {
			kind = "recover guest"
		}
		fmt.Fprintf(&b, "%d. %s %s (%s): %s\n", i+1, kind, a.Target, a.Action, a.Reason)
		if a.HasDelay && a.Delay > 0 {
			fmt.Fprintf(&b, "   priority-fencing-delay %ds\n", a.Delay)
		}
		if after := p.Before(a.Key()); len(after) > 0 {
			fmt.Fprintf(&b, "   after %s\n", strings.Join(after, ", "))
		}
		writePlanDevices(&b, a)
		if blocked := p.Blocked[a.Target]; len(blocked) > 0 {
			fmt.Fprintf(&b, "   waiting for it: %s\n", strings.Join(blocked, ", "))
		}
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writePlanDevices(b *strings.Builder, a pengine.Action) {
	switch {
	case a.Pseudo:
		b.WriteString("   by recovering its container\n")
	case len(a.Levels) > 0:
		for _, l := range a.Levels {
			fmt.Fprintf(b, "   level %d: %s\n", l.Index, strings.Join(l.Devices, ", "))
		}
	case len(a.Devices) > 0:
		fmt.Fprintf(b, "   devices: %s\n", strings.Join(a.Devices, ", "))
	default:
		b.WriteString("   devices: none known to reach it\n")
	}
}
