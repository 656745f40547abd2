// Package fencer carries out fencing requests and keeps their history.
//
// A Fencer carries out one plan step (pengine.Step) and decides nothing of
// its own: the levels, their devices and order, every agent call with its
// parameters, timeout and attempts, the delays, the nodes allowed to run
// each device and how to learn whether a device can fence the target all
// come from the step. What it does is what the step's rules say for what
// happens: with topology the levels in turn, a level's ops one after
// another (a failure abandons the level, an op that cannot run here, or
// whose device already ran in this phase, abandons it where it stands);
// without topology a query, then the devices that can fence the target in
// turn until one succeeds. The Executor runs the agent calls under each
// device's action limit, with their attempts (lrm.Retry), keeps the agents'
// metadata and the dynamic lists (a minute), switches a device whose list
// never worked to status checks, and tells a device that cannot be reached
// from one that did not acknowledge by its monitor. Agents run through
// package lrm as external processes, or in this process for executioner's
// own agents (Agents). Everything that waits or measures time does so on
// an lrm.Clock.
//
// The history (History) is an append-only log on disk: every step of a
// request (its creation, each device attempt, its final state) is one line,
// written with a single write and made durable with fdatasync before the
// call returns. Each line carries a CRC-32C of its content and ends with a
// newline; a line that lacks either is not a record. After a crash the last
// line may be torn: Open ignores it, truncates the file back to the last
// complete record and reports what it dropped (Damage). Other unusable
// lines (a bad checksum, a malformed or refused record) are dropped once:
// Open rewrites the file with the valid records, as Compact does, and
// Repaired counts them, so a damaged file costs one repair, not a warning
// per line at every start. A request whose
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
