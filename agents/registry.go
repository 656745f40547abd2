package agents

import (
	"fmt"
	"sort"
	"strings"
)

// Registry maps device names (ipmi, dummy, ...) to agents.
type Registry struct {
	agents map[string]Agent
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{agents: make(map[string]Agent)} }

// Register adds agent a under device. A device name is lower-case letters,
// digits, '-' and '_' (apc_snmp, as fence-agents spells it), and may be
// registered once. Lookup prefers the whole name to a variant suffix.
func (r *Registry) Register(device string, a Agent) error {
	if device == "" || strings.ContainsFunc(device, func(c rune) bool {
		return (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_'
	}) {
		return fmt.Errorf("register %q: a device name is [a-z0-9_-]+", device)
	}
	if _, dup := r.agents[device]; dup {
		return fmt.Errorf("register %q: already registered", device)
	}
	r.agents[device] = a
	return nil
}

// Lookup finds the agent for name, which is a device name (dummy), an
// installed name (fence_exec_dummy) or an installed name with a variant
// suffix (fence_exec_dummy_no_reboot). It returns the agent and its device
// name.
func (r *Registry) Lookup(name string) (Agent, string, bool) {
	name = strings.TrimPrefix(name, Prefix)
	if a, ok := r.agents[name]; ok {
		return a, name, true
	}
	best := ""
	for d := range r.agents {
		if strings.HasPrefix(name, d+"_") && len(d) > len(best) {
			best = d
		}
	}
	if best == "" {
		return nil, "", false
	}
	return r.agents[best], best, true
}

// Devices returns the registered device names, sorted.
func (r *Registry) Devices() []string {
	ds := make([]string, 0, len(r.agents))
	for d := range r.agents {
		ds = append(ds, d)
	}
	sort.Strings(ds)
	return ds
}
