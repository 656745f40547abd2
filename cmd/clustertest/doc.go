// Package clustertest is the real-cluster test suite: Pacemaker 2.1.5 and
// corosync 3 on three or five nodes in namespaces on one machine (the rig
// of ../shared/cluster, driven where it lies, never copied), fencing
// through the project's own agents as `make build` leaves them in bin/.
//
// Each scenario starts a fresh cluster under the machine-wide cluster lock
// and stops it when it ends, passed or failed:
//
//   - a partitioned node is fenced through fence_exec_ipmi: the fencers'
//     history shows one success, its BMC one power off and one on, no
//     other BMC moved, its processes are gone, nothing else was fenced;
//   - the DC is partitioned: the survivors elect a new DC and fence the old;
//   - a partitioned node is fenced through fence_exec_redfish, with the
//     same checks, by a Redfish BMC on the management network (the
//     simulator, served from this process inside the BMC rack's namespace,
//     its certificate checked) whose resets power the nodes through the
//     rig's chassis hook;
//   - fabric fencing: snmpd in the rig's hub, whose ports are the nodes'
//     storage cables, and a fence_exec_ifmib device that provides
//     unfencing; a node whose corosync is frozen is fenced by its storage
//     port going down, stays alive and cut off from the storage network,
//     and after the documented recovery (Pacemaker restarted on it) is
//     unfenced before anything that requires unfencing is started there;
//   - a two-level topology (the node's BMC, then a PDU that can power every
//     node): with the BMC dead level 2 fences; with both dead the node stays
//     UNCLEAN, Pacemaker retries, nothing reports it fenced, and
//     stonith_admin --confirm releases it;
//   - executioner configure load update installs the fencing on the live
//     cluster, executioner verify checks the live CIB as crm_verify -L
//     does, and executioner configure show prints what crm configure show
//     prints;
//   - a resource whose stop fails (on-fail=fence) gets its node fenced;
//   - five nodes, two cut off at once: both fenced, one after the other in
//     the plan's order with concurrent-fencing false, unordered with it true
//     (Pacemaker's controller may still run them one at a time when it
//     throttles for a loaded machine).
//
// Before every cut, executioner plan on the live CIB with the node marked
// lost must name exactly what Pacemaker then does: the targets, actions and
// order its scheduler decided (Pacemaker's own answer for the scheduler
// input the DC saved, ../shared/conformance/scheduler/pacemaker-fences),
// and the devices and levels its fencers found able and ran, as their logs
// tell.
//
// The package is only tests. Being the whole program against a real
// cluster, it sits under cmd (the layer that may use everything); it needs
// root and the peers, skips without them and fails under CI=true. Waits
// poll the real system (crm_mon, stonith_admin --history, the BMCs' event
// files) with generous bounds that only stop a hung cluster from hanging
// the run; no result depends on how fast anything was. BenchmarkFenceTime
// times cut-to-fenced with fence_exec_ipmi and fence_ipmilan on one cluster.
package clustertest
