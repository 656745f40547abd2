//go:build agent_ipmi

package main

import (
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/ipmi"
)

// registry holds the agents this binary runs: fence_exec_ipmi alone (built
// with the tag agent_ipmi, it links no other agent and starts faster).
func registry() *agents.Registry {
	r := agents.NewRegistry()
	if err := r.Register("ipmi", ipmi.New()); err != nil {
		panic(err) // a programming error: the name is fixed
	}
	return r
}
