package cib

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beevik/etree"
)

// AgentParams tells VerifyAgents about a stonith agent type: whether it
// is known and which parameters it requires, each requirement given as
// the names that satisfy it (the parameter, then its obsolete name and
// aliases).
type AgentParams func(agent string) (required [][]string, known bool)

// VerifyAgents adds to findings (those of Verify) a finding for every
// stonith device of an agent that params knows which lacks a parameter
// the agent requires, and returns them all, errors first. A device built
// from a template is not checked: its parameters may come from there.
func (d *Document) VerifyAgents(findings []Finding, params AgentParams) []Finding {
	out := append([]Finding(nil), findings...)
	for _, dev := range newIndex(d).stonith {
		agent := dev.SelectAttrValue("type", "")
		required, known := params(agent)
		if !known || dev.SelectAttr("template") != nil {
			continue
		}
		for _, names := range required {
			if len(names) == 0 || setsOne(dev, names) {
				continue
			}
			what := names[0]
			if len(names) > 1 {
				what += " (or " + strings.Join(names[1:], ", ") + ")"
			}
			out = append(out, d.finding(Error, "agent-params", dev, fmt.Sprintf("%s requires parameter %s: add params %s=...", agent, what, names[0])))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity < out[j].Severity })
	return out
}

// setsOne reports whether dev sets one of names to a value.
func setsOne(dev *etree.Element, names []string) bool {
	for _, n := range names {
		if v, nv := instanceValue(dev, n); nv != nil && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}
