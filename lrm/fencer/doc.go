// Package fencer carries out fencing requests and keeps their history.
//
// A Fencer carries out one request along the target's fencing topology
// (Topology): levels in ascending order, the devices of a level one after
// another, all of which must succeed, a reboot on a level of several
// devices as every device off then every device on; without topology, the
// devices able to fence the target (pcmk_host_list, pcmk_host_map,
// pcmk_host_check, the agent's list or status) in turn. Each device is
// attempted at most once per request, after its pcmk_delay_base and
// pcmk_delay_max delay, under its pcmk_action_limit (Executor), and the
// outcome of every attempt is recorded. A node never fences itself except
// through a suicide-class agent. Agents run through package lrm as
// external processes, or in this process for executioner's own agents
// (Agents).
//
// The history (History) is an append-only log on disk: every step of a
// request (its creation, each device attempt, its final state) is one line,
// written with a single write and made durable with fdatasync before the
// call returns. Each line carries a CRC-32C of its content and ends with a
// newline; a line that lacks either is not a record. After a crash the last
// line may be torn: Open ignores it, truncates the file back to the last
// complete record and reports what it dropped (Damage). A request whose
// final record was lost therefore reads as pending, never as done: a node
// is reported fenced only when a complete record says a device (or an
// operator, or a lower layer) confirmed it.
//
// Compact bounds the file: it rewrites it with the pending requests and the
// newest finished ones, into a new file renamed over the old, so a crash
// leaves either history whole. Only one process may hold a history (Open
// takes an exclusive lock; ErrLocked otherwise).
//
// Each attempt's outcome is one of success, device unreachable, device did
// not acknowledge and internal failure, with the result codes 0 to 3 that
// the API and the command line report.
package fencer
