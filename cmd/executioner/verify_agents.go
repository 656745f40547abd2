package main

import (
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/ocf"
)

// agentParams tells cib.VerifyAgents which parameters each executioner
// agent requires, from its metadata. Pacemaker supplies action, plug and
// nodename itself, so they are never required of a CIB.
func agentParams() func(string) ([][]string, bool) {
	r := all.Registry()
	return func(agent string) ([][]string, bool) {
		if !strings.HasPrefix(agent, agents.Prefix) {
			return nil, false
		}
		a, _, ok := r.Lookup(agent)
		if !ok {
			return nil, false
		}
		var req [][]string
		for _, p := range a.Metadata(agent).Params {
			switch {
			case !p.Required, p.Name == ocf.KeyAction, p.Name == ocf.KeyPlug, p.Name == ocf.KeyNodename:
				continue
			}
			names := []string{p.Name}
			if p.Obsoletes != "" {
				names = append(names, p.Obsoletes)
			}
			req = append(req, append(names, p.Aliases...))
		}
		return req, true
	}
}
