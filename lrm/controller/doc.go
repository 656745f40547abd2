// Package controller is the fencing daemon's loop: it watches a CIB file,
// asks pengine for a fencing plan whenever the CIB changes (with the fence
// agents' metadata), runs the stonith resources the plan places on this
// node as ordinary resources (start runs the agent's monitor once, as
// Pacemaker's executor does after registering a device; a recurring
// monitor checks it at its op interval; stop releases it), hands the
// plan's steps to the fencer in an order that honours the plan's edges,
// and writes the outcome back into the CIB's status section as
// Pacemaker's controller does after fencing: the node's node_state says it
// left (in_ccm=false, crmd=offline, join=down, expected=down) and its
// resource history is erased. Writes are atomic (temporary file, fsync,
// rename) and abandoned if the file changed meanwhile, then redone on the
// new content.
//
// The loop has two halves. Step takes one Snapshot (the time, the CIB
// file's content, the agents' metadata and the outcomes of what was done
// since the last step) and returns the Actions to take; it does no I/O and
// reads no clock, so tests drive the controller snapshot by snapshot. Do
// carries one action out (a fencing request through the fencer, a CIB
// record, a device start or stop) and returns its Outcome for the next
// step. Run reads the snapshots, runs the fencing requests concurrently and
// everything else in turn, on the Config's clock.
//
// A fencing action that fails is retried with an exponential backoff while
// the resources waiting for it stay blocked; after stonith-max-attempts
// failures (default 10) the controller stops retrying and the target stays
// blocked until an operator confirms it down (Confirm, the manual override)
// or a lower layer reports it fenced. Every request and every device
// attempt is recorded in the fencer's history, and requests left pending by
// a previous run (the daemon died while they ran) are closed as failed on
// start: their outcome is unknown, so they never count as done, and the
// plan, unchanged in the CIB, fences the node again. A request that did not
// come from the plan (executioner fence) is carried out as the plan would
// (pengine.StepFor), or, as in Pacemaker's fencer, joins the request for
// the same target and action already in flight (the planned one, or an
// earlier API request): however many clients ask at once, the devices run
// once, the CIB is written once, and every client gets that request's
// outcome. Node names are the CIB's: a request for a name that differs
// from a node's only in case is for that node, looked up as Pacemaker's
// controller looks up a peer (crm_find_peer compares names with
// strcasecmp), and is recorded (in the history and the CIB) under the
// CIB's spelling. Pacemaker's controller writes the CIB's spelling too;
// its fencer's history keeps the client's, which stonith_admin --history
// matches exactly, so that there "history node5" misses "fence NODE5":
// here both spellings find it.
//
// Serve (Listen, then ServeListener) offers a local API on a Unix socket,
// held by one daemon: a lock beside it and a check that nothing answers
// there keep a second daemon from taking over a running one's socket,
// while a socket file left by a killed daemon is replaced. One JSON
// request and one JSON reply per connection, behind executioner fence,
// confirm, history, devices and status. Only root may use it; a daemon running as another
// user also accepts that user (tests and the demo run unprivileged). A
// reply's error carries a code, so the error Call returns matches the
// package's sentinels (ErrNoSuchNode, ErrBadAction, ...) with errors.Is.
package controller
