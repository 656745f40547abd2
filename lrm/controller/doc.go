// Package controller is the fencing daemon's loop: it watches a CIB file,
// asks pengine for a fencing plan whenever the CIB changes, runs the
// stonith resources placed on this node as ordinary resources (start reads
// the agent's metadata, validates and learns the targets; a recurring
// monitor checks the device; stop releases it), hands the plan's actions
// to the fencer in an order that honours the plan's edges, and writes the
// outcome back into the CIB's status section as Pacemaker's controller
// does after fencing: the node's node_state says it left (in_ccm=false,
// crmd=offline, join=down, expected=down) and its resource history is
// erased. Writes are atomic (temporary file, fsync, rename) and abandoned
// if the file changed meanwhile, then redone on the new content.
//
// A fencing action that fails is retried with an exponential backoff while
// the resources waiting for it stay blocked; after stonith-max-attempts
// failures (default 10) the controller stops retrying and the target stays
// blocked until an operator confirms it down (Confirm, the manual override)
// or a lower layer reports it fenced (Done). Every request and every device
// attempt is recorded in the fencer's history, and requests left pending by
// a previous run (the daemon died while they ran) are closed as failed on
// start: their outcome is unknown, so they never count as done, and the
// plan, unchanged in the CIB, fences the node again.
//
// Serve offers a local API on a Unix socket, one JSON request and one JSON
// reply per connection, behind executioner fence, confirm, history,
// devices and status. Only root may use it; a daemon running as another
// user also accepts that user (tests and the demo run unprivileged).
package controller
