// Package peertest is what the project's tests share for running against real
// peers: finding the repository and the ../shared folder beside it, requiring
// an installed program (skipped on a developer machine, failed under
// CI=true, so a green CI never means "skipped"), free loopback ports, an
// OpenIPMI ipmi_sim BMC started through ../shared/peers/ipmisim, and
// machine-wide locks for the peers only one test may use at a time
// (Pacemaker's stand-alone fencer, the namespace cluster rig), and that rig
// itself: a fresh Pacemaker cluster of N nodes in namespaces, commands
// inside its nodes, their BMCs, power and processes, Pacemaker restarted on
// a node, and a PDU that can power every node; and listeners opened inside
// a network namespace, for in-process devices the rig's nodes reach.
//
// It is imported by tests only and depends on the standard library and
// golang.org/x/sys/unix alone.
package peertest
