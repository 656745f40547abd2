// Package pengine is executioner's policy engine: a pure function from a CIB
// snapshot to a fencing plan, following the rules of Pacemaker's scheduler.
//
// Schedule (and Plan and PlanAt, without agent metadata) does no I/O,
// reads no clock, starts no goroutines and logs nothing; it never panics,
// whatever the input. The caller reads the CIB (cib.Document.Model) and the
// fence agents' metadata, hands them over with the evaluation time, and
// carries the plan out. A Result lists the fencing actions (target,
// reboot/off/on, Pacemaker's reason, whether the target is the DC, the
// priority-fencing-delay), the order edges between them, the resources
// waiting for each target, every stonith device with the nodes it may run
// on, and for each action its Step: everything the fencer needs to carry
// it out and nothing for it to decide. Result.Fences is the canonical fence
// list of ARCHITECTURE.md; StepFor gives the step of a request that did not
// come from the plan.
//
// # Steps
//
// A step is what Pacemaker 2.1.5's fencer would do for the action, every
// parameter read through package cib. The levels are those of the
// topology entry the fencer finds for the target (cib.Topology: the entry
// filed under the exact name, else the first matching one in the order of
// its GLib hash table, case rules included); without one, the devices
// registered anywhere, in the order of the fencer's device table, tried in
// turn. A level's ops run one after another; a reboot on a level of
// several devices is every device off, then every device on again (except
// those with pcmk_reboot_action=off, without on, or unfencing
// automatically, whose failures are ignored); for on, the devices that
// unfence automatically run after the level's own. Each op carries the
// agent call as the agent receives it (reboot sent as off to an agent
// without reboot, pcmk_ACTION_action, the target's port from the host map
// under pcmk_host_argument, every parameter but the fencer's own), its
// timeout (pcmk_ACTION_timeout, else stonith-timeout) and attempts
// (pcmk_ACTION_retries, default 2), its delays (pcmk_delay_base, as a
// duration or a per-node map, and pcmk_delay_max), how the fencer learns
// whether the device can fence the target (pcmk_host_check: answered here
// for static-list and none; the list or status call otherwise), and the
// nodes that may run it: where the device may run, without the target
// (unless the agent runs that action on_target).
//
// Where a stonith device may run is where the fencer registers it: not
// when it is disabled, on every cluster node whose score for it is 0 or
// more (location constraints with scores, rules, score-attribute,
// rsc-pattern and resource sets, node health, failure bans,
// resource-discovery=exclusive, symmetric-cluster; a clone as its first
// instance, a group member also by its group's score). Colocations and
// utilization are not applied.
//
// Two deviations from 2.1.5 are deliberate. pcmk_*_timeout is read as a
// duration ("2min" is two minutes), as Pacemaker 2.1.8 and later read it;
// 2.1.5 takes only the number, and cib's verify warns where the two
// differ. Without topology, 2.1.5 sorts the capable devices by a priority
// it reads from the wrong memory, so its order is not reproducible; the
// step keeps the device table's order, as Pacemaker 3.0.1 and later do.
//
// # Reference and parity
//
// The reference is Pacemaker 2.1.5's scheduler (the version installed with
// the project's peers); every rule is checked against its crm_simulate on
// the shared conformance cases and on this package's own CIBs. The engine
// follows it step by step:
//
//   - Node state: startup fencing marks every configured node unclean until
//     its node_state is seen; determine_online_status with fencing enabled
//     (shutdown, in_ccm missing, join=banned, expected=down pending, just
//     shot, lost "peer is no longer part of the cluster", controller down,
//     terminate, member, pending, unknown) and without it. A node whose
//     controller died is online and unclean, so it is fenced even without
//     quorum. in_ccm/crmd are read as 2.1.5 reads them (booleans); a CIB
//     whose crm_feature_set is 3.19.0 or later (Pacemaker 2.1.7+) records
//     epoch times and is read that way.
//   - Whether fencing is possible (pe_can_fence): fencing enabled, a
//     class=stonith device or have-watchdog, and quorum, no-quorum-policy=
//     ignore, or the target in our partition. no-quorum-policy=suicide (or
//     fence) fences every online node while inquorate, if the cluster ever
//     had quorum or no-quorum-panic is set. No managed resource at all means
//     no fencing.
//   - Resource history is replayed per node in status order and in passes
//     (remote nodes once their connection is up, guests once their container
//     is too): operations sorted by call id, results remapped against the
//     expected result of the transition key, the most severe on-fail wins
//     (ignore < demote < restart < reset-remote < restart-container <
//     migrate < block < stop < standby < fence), a failed stop defaults to
//     fence with fencing enabled and block without, a stop's success does
//     not clear fence/stop/standby/migrate. A managed resource active on a
//     node that is down fences the node; a guest node is "fenced" by
//     recovering its container (a pseudo action, reboot when the container
//     can start again, off otherwise, after its host's fencing when the
//     container's last stop created is on that host: the stops of dangling
//     migrations come before those of the nodes it runs on).
//   - Remote nodes: a failed connection (reset-remote) fences the node;
//     fencing implied by resources active there is revoked when the
//     connection can run elsewhere; an unrecoverable connection fences the
//     node when it has active resources or resources to probe.
//   - rsc_ticket loss-policy=fence fences the nodes running the resource
//     (in the given role) when the ticket is not granted.
//   - Unfencing: with a device providing unfencing or a resource requiring
//     it, every online clean node that is not unfenced yet and where such a
//     resource would be probed gets an "on", as does a node whose device
//     definition or parameter digest changed.
//   - Order: nodes in natural name order (digits compared as numbers,
//     letters case-insensitively). concurrent-fencing defaults to false as
//     in 2.1.5 (3.x: true): the non-DC fences form a chain and the DC comes
//     last; with concurrent fencing each non-DC fence precedes the DC's.
//     stonith-action=off or poweroff fences with off. priority-fencing-delay
//     is set on the fencing of a lost node, at its full value only for the
//     node of highest priority when at most half the members are online.
//
// The engine does not run Pacemaker's full assignment. For the decisions
// that depend on placement (whether a guest's launcher restarts, which
// makes its pseudo fencing reboot rather than off; whether a remote
// connection can be re-established, which revokes fencing; which node a
// start needs unfenced) it asks which online, clean nodes are allowed: not
// banned by location constraints (node scores; rules evaluated whole, with
// date expressions at the evaluation time; resource-discovery=exclusive),
// by failures (hard errors and failed stops on that node, fail counts at
// migration-threshold), by a bundle's replicas-per-host, in maintenance, or
// (with a placement-strategy other than default) offering less of a
// utilization attribute than the resource alone requires. Top-level
// primitives are assigned as pcmk__assign_resources assigns them (assign.go):
// remote connections first, in configuration order (by priority and score
// under a placement strategy), each to its best-scored node (stickiness on
// its single current node), then (balanced) the most free capacity, the
// fewest resources assigned so far, its current node and the name; what
// earlier assignments took of a node's count and capacity counts, and a
// node without room for it and the resources colocated with it (when some
// node has room for all) is banned, so that with stickiness 0 a running
// resource can move. A group's members go with the group; a clone's
// instances stay where they run and take the best-scored other nodes up to
// clone-max (nodes tied at the cut all counted). A group whose
// colocations tie it only to other groups and top-level primitives is
// assigned as pcmk__group_assign assigns it (groupassign.go): member by
// member, the primaries of its colocations first, finite scores added on
// the primary's node, and the scores of the resources colocated with it
// merged in attenuated (pcmk__add_colocated_node_scores, the indirect ones
// through a dependent group's members at full strength), so that a group
// with a finite negative colocation moves away from a sticky dependent.
// Other groups, clones and bundles take, in their turn, the nodes where
// their primitives run and can stay.
// A mandatory colocation (INFINITY) keeps a resource on the node its
// with-rsc is assigned (a top-level primitive), or off the nodes its
// with-rsc cannot be placed on. A bundle's replicas take their nodes in
// order: a container that must move and has one node left takes its place
// there before the later replicas; a bundle's container may go into a
// guest node, and its connection is assigned a node even when the container
// cannot start (the guest is then unfenced for the recovery of an instance
// that is not promoted there). Guest nodes host resources (not other
// launchers, connections or devices); nothing is probed on a guest whose
// launcher is stopped or will stop, and a resource there while the guest is
// reset is recovered in place. Where a group, clone or bundle is actually
// placed is not modelled beyond that.
//
// Date rules are read in the time zone of Input.Now's location (the host
// the scheduler runs on, for Pacemaker): date_spec fields and times of day
// without an offset are local; Plan uses UTC.
//
// Besides the shared conformance cases and the package's own CIBs (whose
// answers come from crm_simulate), TestDifferential compares Plan with
// Pacemaker on random mutants of the shared cases: 2,250 a run under CI
// (fixed seeds plus one random seed), a few otherwise.
//
// # Names and aliases
//
// Both the Pacemaker 2.x option names (stonith-enabled, stonith-action) and
// the 3.x aliases (fencing-enabled, fencing-action) are read; 2.1.5 itself
// ignores the 3.x names. The seed design's policy terms are accepted as
// documented aliases:
//
//   - node_fencing=yes|no on a resource is meta requires=fencing|quorum
//     (an explicit requires wins).
//   - failstop_type=ignore|block|stonith on a resource is the on-fail of its
//     stop operation (an explicit on-fail on the stop op or in op_defaults
//     wins).
//   - always_stonith_failed_nodes=true as a cluster property turns fencing
//     and startup fencing on, and fences unclean nodes even when no resource
//     is managed.
package pengine
