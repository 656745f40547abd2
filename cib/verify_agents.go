package cib

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beevik/etree"
)

// Agent is what VerifyAgents knows of a stonith agent, from its metadata.
type Agent struct {
	Params []AgentParam
}

// AgentParam is one parameter of an agent.
type AgentParam struct {
	// Names are the parameter's name, then its obsolete name and aliases:
	// any of them sets it.
	Names []string
	// Required: the agent needs a value (Pacemaker supplies action, plug,
	// port and nodename itself; they are never required of a CIB).
	Required bool
	// Check, when set, tells whether the agent accepts a value; Lenient
	// means the agent ignores a value it does not accept (with a warning)
	// rather than failing.
	Check   func(value string) error
	Lenient bool
}

// AgentParams tells VerifyAgents about a stonith agent type, and whether
// it knows the agent at all.
type AgentParams func(agent string) (Agent, bool)

// fencerParams are the parameters Pacemaker's fencer takes itself for any
// device (its own metadata, Pacemaker 2.1.5), before the agent's own.
var fencerParams = func() map[string]bool {
	m := map[string]bool{"pcmk_host_argument": true, "pcmk_host_map": true, "pcmk_host_list": true,
		"pcmk_host_check": true, "pcmk_delay_max": true, "pcmk_delay_base": true, "pcmk_action_limit": true}
	for _, a := range []string{"reboot", "off", "on", "list", "monitor", "status"} {
		for _, s := range []string{"action", "timeout", "retries"} {
			m["pcmk_"+a+"_"+s] = true
		}
	}
	return m
}()

// VerifyAgents adds to findings (those of Verify) what the metadata of
// each stonith device's agent finds, and returns them all, errors first:
// an error for a required parameter the device lacks and for a value the
// agent refuses, a warning for a value it ignores and for a parameter that
// is neither the agent's nor the fencer's (a misspelling, most likely).
// Devices of agents params does not know are not checked, nor devices
// built from a template (their parameters may come from there).
func (d *Document) VerifyAgents(findings []Finding, params AgentParams) []Finding {
	out := append([]Finding(nil), findings...)
	type known struct {
		a      Agent
		byName map[string]*AgentParam
		ok     bool
	}
	agents := map[string]*known{} // asked once per agent, not per device
	for _, dev := range newConfigIndex(d).stonith {
		agent := dev.SelectAttrValue("type", "")
		k := agents[agent]
		if k == nil {
			k = &known{}
			k.a, k.ok = params(agent)
			k.byName = paramsByName(k.a)
			agents[agent] = k
		}
		if !k.ok || dev.SelectAttr("template") != nil {
			continue
		}
		out = append(out, d.checkAgentParams(dev, agent, k.a, k.byName)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity < out[j].Severity })
	return out
}

// paramsByName maps each name of an agent's parameters to it.
func paramsByName(a Agent) map[string]*AgentParam {
	byName := map[string]*AgentParam{}
	for i := range a.Params {
		for _, n := range a.Params[i].Names {
			byName[n] = &a.Params[i]
		}
	}
	return byName
}

func (d *Document) checkAgentParams(dev *etree.Element, agent string, a Agent, byName map[string]*AgentParam) []Finding {
	var out []Finding
	for i := range a.Params {
		p := &a.Params[i]
		if !p.Required || len(p.Names) == 0 || setsOne(dev, p.Names) {
			continue
		}
		what := p.Names[0]
		if len(p.Names) > 1 {
			what += " (or " + strings.Join(p.Names[1:], ", ") + ")"
		}
		out = append(out, d.finding(Error, "agent-params", dev, fmt.Sprintf("%s requires parameter %s: add params %s=...", agent, what, p.Names[0])))
	}
	for _, ia := range dev.SelectElements("instance_attributes") {
		for _, nv := range ia.SelectElements("nvpair") {
			name, val := nv.SelectAttrValue("name", ""), nv.SelectAttr("value")
			p, ok := byName[name]
			switch {
			case !ok && !fencerParams[name]:
				out = append(out, d.finding(Warning, "agent-params", dev, fmt.Sprintf("%s is not a parameter of %s: the agent ignores it; check the spelling", name, agent)))
			case !ok || p.Check == nil || val == nil:
			default:
				if err := p.Check(val.Value); err != nil {
					if p.Lenient {
						out = append(out, d.finding(Warning, "agent-params", dev, fmt.Sprintf("%s: %v: the agent ignores it", agent, err)))
					} else {
						out = append(out, d.finding(Error, "agent-params", dev, fmt.Sprintf("%s: %v: the agent refuses it; correct it", agent, err)))
					}
				}
			}
		}
	}
	return out
}

// setsOne reports whether dev sets one of names to a value (in a set
// without rules: one with rules may not apply everywhere).
func setsOne(dev *etree.Element, names []string) bool {
	params := fenceDevice(dev).Params
	for _, n := range names {
		if v, ok := params[n]; ok && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}
