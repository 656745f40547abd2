// Package lrm is the local resource manager shim: it runs resource and fence
// agents for an operation (start, stop, monitor and the fence actions), with
// timeouts that kill the agent's whole process group, capped output,
// per-device serialization and recurring monitors.
//
// Run executes one Command: an absolute executable path, its arguments, the
// complete environment (nothing is inherited) and what to write on standard
// input. FenceCommand builds the Command of a fence agent (key=value lines
// on standard input, as Pacemaker's fencer passes them). Parameters are
// untrusted: names that could inject another parameter, another variable or
// another file are refused, and no value appears in an error or in
// Command.String.
//
// The agent runs in a process group of its own. When its timeout expires or
// the context ends, the group gets SIGTERM, then SIGKILL after the grace
// period; processes the agent leaves behind in its group when it exits are
// terminated the same way (unless Command.KeepChildren). Run returns only
// once the group is gone, its output collected and the helper goroutines
// finished; output past the cap is read and discarded, and counted. A
// process that leaves the group (setsid) escapes the kill; its hold on the
// output pipes is cut after a short drain.
//
// The Result tells how the run ended (exited, signaled, timed out,
// canceled), with the exit code and signal; Result.Err turns anything but a
// zero exit into an *ExitError. Run's own error is reserved for agents that
// could not be started (ErrNotInstalled when missing).
//
// Retry repeats a failed device action as Pacemaker's fencer does
// (pcmk_<action>_retries attempts in all, never after a timeout, only while
// less than 70% of the timeout has gone), on a Clock. Limiter serializes actions per
// device following pcmk_action_limit (1: one at a time, N, or Unlimited),
// serving waiters in arrival order; every action on the device counts,
// monitor, list and status included. Monitors
// runs recurring monitors, one goroutine each, never overlapping, stopped
// cleanly by Stop (which cancels a probe in flight and delivers nothing
// after it returns).
package lrm
