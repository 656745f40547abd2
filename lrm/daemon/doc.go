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
// plan does not fence it again.
//
// Every member copies the records the others made into its own fencer
// history (the file executioner history reads), so any node shows the
// cluster's history; the records this node made are written there by its
// own fencer. A request whose owner left the cluster while it was pending
// is closed as failed by the new coordinator (its outcome is unknown, so
// it never counts as done), and the plan, which still sees the node lost,
// fences it again under a new request.
package daemon
