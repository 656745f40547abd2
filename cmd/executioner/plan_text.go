package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/pengine"
)

// writePlanText prints the plan for people: each action with its reason,
// order and levels, each device action of a level on a line of its own
// (agent, verb, nodes, check, timeout, attempts, delays) followed by the
// parameters the agent receives (secrets hidden), then the devices and
// where they may run.
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
		writeStepText(&b, a)
		if blocked := p.Blocked[a.Target]; len(blocked) > 0 {
			fmt.Fprintf(&b, "   waiting for it: %s\n", strings.Join(blocked, ", "))
		}
	}
	writeDevicesText(&b, p.Devices)
	for _, n := range p.Topology {
		fmt.Fprintf(&b, "note: fencing level ignored: %s\n", n)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeStepText(b *strings.Builder, a pengine.Action) {
	st := a.Step
	switch {
	case a.Pseudo:
		b.WriteString("   by recovering its container\n")
		return
	case st == nil:
		return
	}
	for _, l := range st.Levels {
		switch {
		case !st.Topology && len(l.Ops) == 0:
			b.WriteString("   devices: none known to reach it\n")
			continue
		case !st.Topology:
			fmt.Fprintf(b, "   devices, tried in turn: %s\n", strings.Join(l.Devices, ", "))
		default:
			fmt.Fprintf(b, "   level %d: %s\n", l.Index, strings.Join(l.Devices, ", "))
		}
		for _, op := range l.Ops {
			writeOpText(b, op)
		}
	}
	if st.Topology {
		fmt.Fprintf(b, "   (topology target %s)\n", st.Entry)
	}
	for _, n := range st.Notes {
		fmt.Fprintf(b, "   note: %s\n", n)
	}
}

func writeOpText(b *strings.Builder, op pengine.Op) {
	fmt.Fprintf(b, "     %s %s: %s %s", op.Device, op.Action, op.Agent, op.Call.Verb)
	switch {
	case op.Optional:
		b.WriteString(" (failure ignored)")
	case op.Required:
		b.WriteString(" (required: unfences automatically)")
	}
	fmt.Fprintf(b, ", on %s, %s, timeout %v, %d attempts", nodesText(op.Nodes.Names()), checkText(op.Check),
		op.Call.Timeout.Std(), op.Call.Attempts)
	if op.DelayMax > op.DelayBase {
		fmt.Fprintf(b, ", delay %d-%ds", op.DelayBase, op.DelayMax-1)
	} else if op.DelayBase > 0 {
		fmt.Fprintf(b, ", delay %ds", op.DelayBase)
	}
	b.WriteString("\n")
	if op.Unusable != "" {
		fmt.Fprintf(b, "       cannot run: %s\n", op.Unusable)
	}
	fmt.Fprintf(b, "       %s\n", paramsText(op.Call.Params))
}

func nodesText(nodes []string) string {
	if len(nodes) == 0 {
		return "no node"
	}
	return strings.Join(nodes, " ")
}

func checkText(c pengine.Check) string {
	switch {
	case c.Known && c.Admits:
		return c.Mode
	case c.Known:
		return c.Mode + " (does not admit it)"
	case c.List != nil:
		return c.Mode + " (list must name " + strings.Join(c.Names, " or ") + ")"
	}
	return c.Mode
}

// paramsText is the agent's key=value parameters, sorted, secrets hidden.
func paramsText(p pengine.Params) string {
	red := p.Redacted()
	keys := make([]string, 0, len(red))
	for k := range red {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+red[k])
	}
	if len(parts) == 0 {
		return "(no parameters)"
	}
	return strings.Join(parts, " ")
}

func writeDevicesText(b *strings.Builder, devices []pengine.DeviceInfo) {
	if len(devices) == 0 {
		return
	}
	b.WriteString("devices:\n")
	for _, d := range devices {
		fmt.Fprintf(b, "  %s (%s): runs on %s; %s", d.ID, d.Agent, nodesText(d.Nodes.Names()), d.HostCheck)
		if len(d.Targets) > 0 {
			fmt.Fprintf(b, " %s", strings.Join(d.Targets, " "))
		}
		if d.MonitorInterval > 0 {
			fmt.Fprintf(b, "; monitor every %v", d.MonitorInterval.Std())
		}
		b.WriteString("\n")
		for _, why := range d.Why {
			fmt.Fprintf(b, "    not on %s\n", why)
		}
		for _, n := range d.Notes {
			fmt.Fprintf(b, "    note: %s\n", n)
		}
	}
}
