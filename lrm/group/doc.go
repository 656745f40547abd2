// Package group keeps what the fencing daemons of one cluster agree on:
// who coordinates, whether every daemon runs the same configuration, and
// one fencing history for the whole cluster.
//
// A Group is a state machine fed with the events of a
// membership.Membership, in order; Step returns the messages this daemon
// must multicast in answer. It does no I/O and reads no clock of its own
// (records take their time from the caller), so every daemon that is fed
// the same events is in the same state.
//
// After every change of the process group each daemon multicasts a sync
// message: its node name, its configuration (digest and version) and every
// history record it holds. The union of the records is the history; it is
// read in the order of the records' time, then identity, so every member
// shows the same history whatever the order it learnt the records in, and
// a daemon that joins later, or a partition that merges back, receives
// everything the others hold.
//
// The coordinator is chosen, like Pacemaker's DC, from the agreed
// membership: once every member of the current group has synced, it is
// the member with the lowest corosync node id among those that run the
// winning configuration. The winning configuration is the one with the
// highest version (admin_epoch, epoch, num_updates, compared in that order
// as Pacemaker's CIB manager compares them when it picks the copy to
// replicate); between equal versions with different content, the one of
// the lowest node id wins, so the choice is deterministic. A member whose
// configuration differs from the winner's is reported (Status.Mismatch) on
// every node and never coordinates. Nobody coordinates until the group is
// ready: a fresh group waits dc-deadtime (as Pacemaker's controller waits
// that long before a DC is elected), until one daemon multicasts that its
// wait is over, so the nodes booting with it have joined corosync by then
// and are not fenced at startup; a daemon joining a ready group learns it
// from the members' sync. Only a coordinator whose partition is
// quorate acts; the caller decides, from no-quorum-policy, whether an
// inquorate partition may fence.
//
// The coordinator fences in three steps, each a record multicast in agreed
// order: a request record before the agent runs (every member now knows
// the request is pending and who owns it), an attempt record per device
// call, and a final record (done only when a device, an operator or a
// lower layer confirmed it; failed otherwise). A request whose owner (the
// daemon, node and process, that made or last adopted it) left the group
// while it was pending, or announced that it is leaving, is taken over
// (Orphans) by the new coordinator with an adopt record and carried out
// again: its outcome is unknown, so it is never reported done until the
// new owner's device confirms it, and it stays one request in the history.
// A request or adopt record may name a runner (Record.Runner), the member
// it is handed to because placement keeps its devices off the
// coordinator's node: the runner owns it.
//
// Besides records, daemons multicast asks (a client's fencing request,
// addressed to the coordinator), replies (the request carrying an ask
// out), and a leave message as a daemon shuts down in order: its node no
// longer coordinates at once, and its node is shown down as expected
// rather than unclean. Asks and replies are not history. A daemon seeds
// its group with the records it saved (Seed) and saves those it learns
// (TakeFresh).
//
// Every daemon keeps each node's expected state (Expect), as Pacemaker's
// controller keeps a node's expected state in the CIB: member once a
// daemon saw the node's daemon in the group, down again once that daemon
// announces its shutdown or the node is fenced or confirmed down. A
// daemon saves it with its history (SeedExpected, TakeExpectedChanged)
// and sends it with its sync, so a daemon that starts later learns it.
// A member of the partition whose daemon is not in the group is unclean
// only while an expected member (Gone: a dead controller); otherwise it
// is pending (Booting), never fenced for it, as Pacemaker 2.1.5 leaves a
// node whose controller never joined.
//
// An up record notes that a node was seen as a member; a node is lost
// when it is no longer a member after its latest up record and no request
// against it has been done since (NodeStatus).
package group
