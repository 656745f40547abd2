package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/ocf"
)

// fenceAgentDir is where Pacemaker's fencer runs agents from.
const fenceAgentDir = "/usr/sbin"

// reFenceAgent is an installed fence-agents agent name verify may ask for
// its metadata.
var reFenceAgent = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^fence_[A-Za-z0-9_]+$`) })

// agentParams tells cib.VerifyAgents about each stonith agent of a CIB:
// executioner's agents from their metadata in the registry; the agents
// fence-agents installs in /usr/sbin from their own metadata
// (fence_X -o metadata, run once per agent through lrm, as Pacemaker's
// fencer asks for it); others are not checked. Pacemaker supplies action,
// plug, port and nodename itself, so they are never required of a CIB.
func agentParams(ctx context.Context) cib.AgentParams {
	r := all.Registry()
	cache := map[string]*ocf.Metadata{}
	return func(agent string) (cib.Agent, bool) {
		m, ok := cache[agent]
		if !ok {
			m = agentMetadata(ctx, r, agent)
			cache[agent] = m
		}
		if m == nil {
			return cib.Agent{}, false
		}
		var a cib.Agent
		for _, p := range m.Params {
			names := []string{p.Name}
			if p.Obsoletes != "" {
				names = append(names, p.Obsoletes)
			}
			p := p
			a.Params = append(a.Params, cib.AgentParam{
				Names:    append(names, p.Aliases...),
				Required: p.Required && !suppliedByFencer(p.Name),
				Check:    p.Check,
				Lenient:  p.Type == ocf.TypeBoolean,
			})
		}
		return a, true
	}
}

// suppliedByFencer names the parameters Pacemaker's fencer passes itself.
func suppliedByFencer(name string) bool {
	switch name {
	case ocf.KeyAction, ocf.KeyPlug, ocf.KeyNodename, "port":
		return true
	}
	return false
}

// agentMetadata returns an agent's metadata, or nil when verify does not
// know the agent.
func agentMetadata(ctx context.Context, r *agents.Registry, agent string) *ocf.Metadata {
	if strings.HasPrefix(agent, agents.Prefix) {
		if a, _, ok := r.Lookup(agent); ok {
			return a.Metadata(agent)
		}
		return nil
	}
	if !reFenceAgent().MatchString(agent) {
		return nil
	}
	path := filepath.Join(fenceAgentDir, agent)
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return nil
	}
	cmd, err := lrm.FenceCommand(path, "metadata", nil, 10*time.Second)
	if err != nil {
		return nil
	}
	res, err := lrm.Run(ctx, cmd)
	if err != nil || res.Err() != nil {
		return nil
	}
	m, err := ocf.ReadMetadata(res.Stdout)
	if err != nil {
		return nil
	}
	return m
}
