// Package membership is the fencing daemon's view of the cluster: which
// nodes are members, whether their partition has quorum, and which of them
// run the daemon, with a channel to those daemons whose messages every one
// of them receives in the same order.
//
// A Membership delivers Events on one channel, in the order the cluster
// agreed on: a Group event whenever a daemon joins or leaves the process
// group, a Message for every message sent to the group (by any member,
// this one included), and a Quorum event whenever the partition's members
// or quorum change. Group and Message events follow the virtual synchrony
// of corosync's closed process groups (CPG): every daemon that sees two of
// them sees them in the same order, and a message is delivered to exactly
// the members of the group in which it was sent. Quorum events come from
// corosync's vote quorum service and are ordered only among themselves.
//
// Two implementations are provided. Open connects to the corosync running
// on this node through its own libraries (libcpg and libvotequorum, cgo);
// a build without cgo, or with the nocorosync build tag, has none, and
// Open returns ErrNotBuilt. Hub is the in-memory twin, a whole cluster in
// one process, for tests: nodes boot, stop and are partitioned at will,
// with corosync's quorum arithmetic.
//
// The contract both keep: Events is never closed before Close; Send
// returns once the message is handed over, and the sender sees its own
// message in the stream like every other member (so a daemon learns the
// position of its message among the others' by reading it back); after
// Close, Send returns ErrClosed and the channel is closed.
package membership
