// Package ocf is the fence agent protocol: parameters from stdin or long
// options (with the fence-agents aliases and secret handling), the actions,
// the metadata model and its XML, and the exit codes Pacemaker reads, carried
// by typed errors.
package ocf
