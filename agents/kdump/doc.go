// Package kdump is a fence agent for nodes that crash into the kdump crash
// kernel, a drop-in for fence-agents' fence_kdump.
//
// A node whose kernel panics boots its crash kernel, and kdump's
// fence_kdump_send there sends a small UDP message (a magic number and a
// version, two 32-bit words in the sender's byte order) to the cluster,
// every interval seconds. Off listens on ipport (7410) for timeout seconds
// (60) and succeeds when a valid message arrives from an address that one
// of the nodes named in nodename (a comma-separated list of names or
// addresses) resolves to; messages from anywhere else, with another magic
// number or version, or too short are discarded. No valid message within
// timeout is a failure. family (auto, ipv4, ipv6) chooses the address
// family; all nodes must resolve to the same one. Monitor succeeds when
// this node's kernel reserves memory for a crash kernel (crashkernel= on
// /proc/cmdline), as fence_kdump checks; validate-all checks the
// parameters.
//
// The agent cuts no power: a node in kdump is not running the cluster any
// more, and waiting for its message lets the dump finish instead of being
// cut short. Its place is level 1 of a fencing topology, with a power
// device at level 2 for the node that never reaches kdump (a hang, or a
// kernel without kdump):
//
//	fencing_topology node1: kdump-node1 ipmi-node1
//
// Pacemaker turns a reboot into off for a device that offers only off.
//
// # Deliberate differences from fence_kdump
//
// TestParity runs fence_kdump and this agent with the same input, the
// real fence_kdump_send as the crashed node, and compares exit codes and
// standard output. Where they differ, it is on purpose:
//
//   - fence_kdump's progress lines ("waiting for message from ...",
//     "received valid message from ...", "timeout after N seconds") are
//     written to standard error without the "[debug]: " prefix, since
//     standard output is for results; quiet silences them, and a failure
//     adds a "Failed: ..." line saying why.
//   - action and family are case-sensitive, as for every executioner
//     agent; fence_kdump ignores their case.
//   - A node name that resolves to several addresses of the family accepts
//     a message from any of them; fence_kdump takes only the first.
//   - Off of the host the agent runs on is refused, as for every agent
//     that is not a self-fencer: a node that runs the agent is not in its
//     crash kernel.
//   - The metadata describes this agent; the help names its place in a
//     topology.
package kdump
