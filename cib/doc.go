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
// The package does no file or process I/O: callers hand it bytes and write
// what it returns (atomically, in cmd).
package cib
