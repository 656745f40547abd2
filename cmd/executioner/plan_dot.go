package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/executioner-ha/executioner/pengine"
)

// writePlanDot prints the plan as a Graphviz graph: one node per action,
// the order edges between them, and for each action a cluster with its
// levels, each level's device actions chained in order (a dashed edge
// leads to the next level, tried when one fails).
func writePlanDot(w io.Writer, p *pengine.Result) error {
	var b strings.Builder
	b.WriteString("digraph fencing {\n")
	for _, a := range p.Ordered() {
		style := ""
		if a.Pseudo {
			style = ", style=dashed"
		}
		fmt.Fprintf(&b, "  %q [label=%q, shape=box%s];\n", a.Key(), string(a.Action)+" "+a.Target, style)
		writeStepDot(&b, a)
	}
	for _, e := range p.Edges {
		fmt.Fprintf(&b, "  %q -> %q;\n", e.First, e.Then)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeStepDot(b *strings.Builder, a pengine.Action) {
	if a.Step == nil {
		return
	}
	fmt.Fprintf(b, "  subgraph %q {\n    label=%q;\n", "cluster_"+a.Key(), "how "+a.Key()+" is carried out")
	prevFirst := a.Key()
	for li, l := range a.Step.Levels {
		prev := ""
		for oi, op := range l.Ops {
			id := fmt.Sprintf("%s/%d/%d", a.Key(), li, oi)
			label := fmt.Sprintf("%d: %s %s (%s)", l.Index, op.Device, op.Action, op.Call.Verb)
			fmt.Fprintf(b, "    %q [label=%q];\n", id, label)
			switch {
			case oi == 0 && li == 0:
				fmt.Fprintf(b, "    %q -> %q [style=dotted];\n", a.Key(), id)
			case oi == 0:
				fmt.Fprintf(b, "    %q -> %q [style=dashed, label=\"on failure\"];\n", prevFirst, id)
			default:
				fmt.Fprintf(b, "    %q -> %q [style=dotted];\n", prev, id)
			}
			if oi == 0 {
				prevFirst = id
			}
			prev = id
		}
	}
	b.WriteString("  }\n")
}
