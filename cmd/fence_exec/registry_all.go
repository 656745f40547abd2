//go:build !agent_ipmi

package main

import (
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
)

// registry holds the agents this binary runs: all of them (the multi-call
// binary).
func registry() *agents.Registry { return all.Registry() }
