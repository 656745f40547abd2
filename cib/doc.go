// Package cib is the Pacemaker cluster information base (CIB) document.
//
// A Document is parsed from XML once and keeps every element, attribute,
// comment and piece of text it was given, in order, together with the exact
// source text of each token, so that writing it back gives the same bytes
// and content nobody changed (unknown elements and attributes included)
// survives edits untouched.
//
// Edits (Document.Apply with an Edit, Document.Bump) follow cibadmin's
// semantics on a file CIB: create, modify, replace and delete by tag and id
// within a scope or by xpath, with Pacemaker's version counters (a change
// under configuration increments epoch and zeroes num_updates, any other
// change increments num_updates) and its refusals (ErrExists,
// ErrNoSuchObject, ErrOlder, ErrInvalid, ErrInvalidArgument). A failed edit
// leaves the document unchanged.
//
// Verify checks a CIB the way crm_verify does (schema-level rules the
// project relies on, references, cluster option values, fencing set-up)
// and adds fencing checks crm_verify lacks, returning one Finding per
// problem with the element id and line.
//
// # Fencing parameters
//
// What every fencing parameter means is read here, once, as Pacemaker
// 2.1.5's fencer and scheduler read it, and everything else (the plan,
// the fencer, the controller, verify) asks: durations (ParseInterval, with
// 2.1.5's ISO 8601 arithmetic), scores (ParseScore), a device's
// parameters (FenceDevice: pcmk_host_list and agent list output with
// ParseTargets, pcmk_host_map with its escapes, pcmk_host_check and its
// defaults, the arguments the agent receives, pcmk_ACTION_action, _timeout
// and _retries, pcmk_delay_base and _max, pcmk_action_limit, the
// deprecated action parameter), what an agent's metadata tells the fencer
// (AgentInfo), the fencing topology (Topology: the targets in the order of
// the fencer's GLib hash table, which decides between several matching
// targets, and its case rules), and the fencing options with their 3.x
// names (FencingOptions).
//
// The package does no file or process I/O: callers hand it bytes and write
// what it returns (atomically, in cmd).
package cib
