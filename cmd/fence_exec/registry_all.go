//go:build !agent_ipmi

package main

import (
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
)

// registry holds the agents this binary runs: all of them (the multi-call
// binary).
func registry() *agents.Registry { return all.Registry() }

// workerName is the installed name of the worker this build's front end
// starts: the full agent binary.
const workerName = "executioner-agent"
