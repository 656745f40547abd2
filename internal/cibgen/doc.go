// Package cibgen writes large CIBs of a realistic shape for the scaling
// benchmarks: every node has its own IPMI device and shares a PDU, a
// two-level fencing topology (its device, then the PDU), ten resources
// that prefer it, and a status section in which half the nodes are lost
// with their resources still recorded as running there.
//
// The output depends on the node count alone, so every run of a benchmark
// and every peer compared with it reads the same bytes. Tests and
// benchmarks import it; nothing else does.
package cibgen
