// Package pengine is executioner's policy engine: a pure function from a CIB
// snapshot to a fencing plan, following the rules of Pacemaker's scheduler.
//
// Plan does no I/O, reads no clock, starts no goroutines and logs nothing; it
// never panics, whatever the input. The caller reads the CIB, hands the
// snapshot over, and carries the plan out.
package pengine
