// Package daemon is the fencing daemon of a cluster without a resource
// manager: membership and quorum come from corosync (lrm/membership), the
// daemons agree on a coordinator, their configuration and one history
// (lrm/group), and the coordinator's controller (lrm/controller) plans and
// fences.
//
// Every node runs a Daemon on the same configuration file. The daemon
// writes, beside it, the live CIB its controller watches: the
// configuration with a status section made from what the cluster knows
// (group.Snapshot), rewritten whenever that changes. Only the coordinator
// of a quorate partition steps its controller (whether an inquorate one
// may fence is the plan's decision, from no-quorum-policy and
// have-quorum). Before a fencing request's agent runs, the request is
// multicast and read back, so every member knows it is pending and who
// owns it; when it ends its device attempts and its final state are
// multicast, and the controller learns the outcome only once that final
// record came back, so the live CIB already shows the node fenced and the
// plan does not fence it again. When the placement of every device that
// may fence the target keeps it off the coordinator's node, the request
// record names a runner, a member where the first such device may run
// (the lowest node id), which owns the request: it plans the request
// from its own live CIB, runs the devices and multicasts the attempts and
// the final record. Nobody coordinates before the group is ready
// (dc-deadtime after it formed, see lrm/group).
//
// The saved records and the history held are bounded (group.Compact):
// past 4×KeepRequests records, or half a message, the oldest ended
// requests are dropped and the file rewritten atomically.
//
// Every member copies the records the others made into its own fencer
// history (the file executioner history reads), so any node shows the
// cluster's history; the records this node made are written there by its
// own fencer. Every record a daemon learns is also saved (Config.Records)
// and read back when it starts, so the cluster's history survives a
// restart of every node.
//
// executioner fence, confirm and fence --done act cluster-wide from any
// node: the daemon multicasts the request (an ask) to the coordinator,
// which carries it out as it carries out the plan's requests (a fence
// against a target already being fenced for the same action is merged
// into that request), and the asker answers its client once the
// request's final record came back. A confirmation, once its records are
// read back, cancels the agents running against its target on every node:
// the coordinator's own, and those of a node a request was handed to; the
// canceled agent's process group is killed and its request ends failed
// (canceled: the target was confirmed down), never done by its device. An ask made where the partition has no quorum fails
// at once (ErrNoQuorum); one whose coordinator changes before answering
// is asked again of the new coordinator.
//
// A request whose owner left the cluster while it was pending (its daemon
// died, or announced its shutdown) is adopted by the new coordinator: an
// adopt record, then the request carried out again under the same id. Its
// first run's outcome is unknown, so it is done only once the new owner's
// device confirms it; a request whose final record came back is never
// carried out again. An orphan whose target is a member again is closed
// as failed instead. A daemon stopped in order (SIGTERM) multicasts its
// leaving first: the others re-elect and adopt at once, and see its node
// down as expected rather than unclean (a daemon that dies unannounced
// leaves its node unclean, as Pacemaker sees a node whose controller
// died, and the plan fences it).
//
// A member of the partition without its daemon is fenced only when it is
// an expected member (group.Expect): some daemon saw its daemon in the
// group and since then it neither shut down in order nor was fenced, as
// Pacemaker fences a member whose controller left ("peer process is no
// longer available") only when its expected state is member. The
// expected states are saved beside the history (Records + ".expected",
// replaced atomically) and passed on in sync, so a daemon started after
// a node's daemon died fences it when it, or a peer, knew it. A node
// that boots without its daemon is pending, never fenced for it.
package daemon
