// Package cib is the Pacemaker cluster information base (CIB) document.
//
// A Document is parsed from XML once and keeps every element, attribute,
// comment and piece of text it was given, in order, so that writing it back
// gives the same document and unknown content survives edits. On top of the
// tree the package offers typed read access to what the rest of executioner
// needs (cluster properties, nodes, resources, constraints, the fencing
// topology and the status section), edits with Pacemaker's epoch and
// num_updates semantics, and validation.
//
// The package does no file or process I/O of its own beyond what a caller
// hands it as bytes or readers; atomic file writes live in the functions
// documented as such.
package cib
