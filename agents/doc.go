// Package agents holds executioner's fence agents, one subpackage per device,
// and the registry through which the agent binary and the resource manager
// find them by name. It is the only part of executioner that talks to
// devices.
package agents
