// Package lrm is the local resource manager shim: it runs resource and fence
// agents for an operation (start, stop, monitor and the fence actions), with
// timeouts that kill the agent's whole process group, capped output,
// per-device serialization and recurring monitors.
package lrm
