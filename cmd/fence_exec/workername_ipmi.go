//go:build agentfront && agent_ipmi

package main

// workerName is the installed name of the worker this front end starts:
// the IPMI agent's own.
const workerName = "executioner-agent-ipmi"
