package pengine

import (
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// Resource roles, in Pacemaker's order.
const (
	roleUnknown = iota
	roleStopped
	roleStarted
	roleUnpromoted
	rolePromoted
)

// rsc is the engine's working state of one resource.
type rsc struct {
	id       string
	kind     string
	parent   *rsc
	children []*rsc
	class    string
	provider string
	typ      string
	meta     map[string]string
	ops      []cib.OpDef
	managed  bool
	// blocked is pe_rsc_block: no further actions are taken for the
	// resource (a failure with on-fail=block, an unrecoverable stop, a
	// ticket lost with loss-policy=freeze).
	blocked bool
	// blockedOn holds the nodes where only some of a clone's instances
	// are blocked (a ticket frozen for one role).
	blockedOn   map[*node]bool
	orphan      bool
	fenceDevice bool
	// remoteNode names the node a remote connection (or guest
	// connection) defines; container is a guest connection's launcher.
	remoteNode string
	container  *rsc
	priority   int
	reconnect  bool
	// failureTimeout is failure-timeout (a remote connection's
	// reconnect_interval) in seconds; migrationThreshold is
	// migration-threshold; failureIgnored is pe_rsc_failure_ignored (a
	// failure was taken as success, on-fail=ignore).
	failureTimeout     int64
	migrationThreshold int
	failureIgnored     bool
	// maintenance is pe_rsc_maintenance; startPending is
	// pe_rsc_start_pending (a start in progress, or one forced by an
	// agent change); forcedStart is a start forced by changed parameters.
	maintenance  bool
	startPending bool
	forcedStart  bool
	failed       bool
	// bannedOn records the nodes failures keep the resource off (hard
	// errors, failed stops); banAll bans it from every node (a ticket).
	bannedOn map[*node]bool
	banAll   bool
	// pendingContainer names an orphaned connection's launcher that has not
	// been seen yet.
	pendingContainer string
	// instance holds the configured instance attributes; template names
	// the rsc_template the primitive is based on.
	instance map[string]string
	template string
	// utilization holds the resource's utilization attributes.
	utilization map[string]string
	// implicit marks the resources a bundle generates.
	implicit bool
	// failedHere is true when the resource failed by itself (not only
	// because a guest it launches had to be fenced).
	failedHere bool
	// stopped is true when the resource's next role is Stopped.
	stopped    bool
	promotable bool
	bundled    bool
	// perHost is a bundle's replicas-per-host.
	perHost int
	// role is the most active role found in the history so far.
	role int
	// running lists the nodes the resource is active on, with roles.
	running []placement
	// dangling lists the sources of dangling migrations, newest first
	// (rsc->dangling_migrations): each gets a stop before the stops of
	// the nodes the resource runs on.
	dangling []*node
}

type placement struct {
	node   *node
	role   int
	failed bool
}

// lastStop is the node of the resource's most recently created stop
// (find_first_action on its prepended action list): the stops of dangling
// migrations are created first, in list order, then one per node it runs
// on that has none yet.
func (r *rsc) lastStop() *node {
	var created []*node
	add := func(n *node) {
		if !slices.Contains(created, n) {
			created = append(created, n)
		}
	}
	for _, n := range r.dangling {
		add(n)
	}
	for _, pl := range r.running {
		add(pl.node)
	}
	if len(created) == 0 {
		return nil
	}
	return created[len(created)-1]
}

func (r *rsc) top() *rsc {
	for r.parent != nil {
		r = r.parent
	}
	return r
}

func (r *rsc) isRemoteConn() bool { return r.remoteNode != "" }

// unpackResources flattens the configured resources, expands guest nodes
// (meta remote-node) and bundles, and registers remote nodes.
func (s *scheduler) unpackResources() {
	for _, cr := range s.m.Resources {
		s.addResource(cr, nil)
	}
	for _, r := range s.all {
		if r.fenceDevice {
			s.haveDevice = true
		}
		// meta container=ID: the resource runs inside another one, whose
		// restart is its default recovery.
		if id := r.meta["container"]; id != "" && r.container == nil && r.kind == cib.KindPrimitive {
			if c := s.rscByID[id]; c != nil && c != r {
				r.container = c
			}
		}
	}
}

func (s *scheduler) addResource(cr *cib.Resource, parent *rsc) *rsc {
	r := &rsc{id: cr.ID, kind: cr.Kind, parent: parent, class: cr.Class, provider: cr.Provider, typ: cr.Type}
	if cr.Kind == cib.KindMaster {
		r.kind = cib.KindClone
		r.promotable = true
	}
	r.meta = map[string]string{}
	for k, v := range cr.Meta {
		r.meta[k] = v
	}
	r.ops = cr.Ops
	r.instance = cr.Instance
	r.utilization = cr.Utilization
	r.template = cr.Template
	if t := s.m.Templates[cr.Template]; t != nil && cr.Template != "" {
		s.applyTemplate(r, t)
	}
	s.inheritMeta(r)
	s.all = append(s.all, r)
	if parent == nil {
		s.top = append(s.top, r)
	} else {
		parent.children = append(parent.children, r)
	}
	if r.kind == cib.KindPrimitive && !(parent != nil && parent.kind == cib.KindBundle) {
		s.registerPrimitive(r)
	} else if r.kind == cib.KindPrimitive {
		s.rscByID[r.id] = r
	}
	if r.kind == cib.KindBundle && cr.Bundle != nil {
		s.expandBundle(r, cr)
		return r
	}
	for _, c := range cr.Children {
		s.addResource(c, r)
	}
	return r
}

func (s *scheduler) applyTemplate(r *rsc, t *cib.Resource) {
	if r.class == "" {
		r.class, r.provider, r.typ = t.Class, t.Provider, t.Type
	}
	for k, v := range t.Meta {
		if _, ok := r.meta[k]; !ok {
			r.meta[k] = v
		}
	}
	r.ops = append(append([]cib.OpDef(nil), r.ops...), t.Ops...)
	if len(t.Utilization) > 0 {
		u := map[string]string{}
		for k, v := range t.Utilization {
			u[k] = v
		}
		for k, v := range r.utilization {
			u[k] = v
		}
		r.utilization = u
	}
}

// inheritMeta completes r's meta attributes from its parent and the
// resource defaults, and derives the flags the engine needs.
func (s *scheduler) inheritMeta(r *rsc) {
	if r.parent != nil {
		for k, v := range r.parent.meta {
			if _, ok := r.meta[k]; !ok {
				r.meta[k] = v
			}
		}
	}
	for k, v := range s.m.RscDefaults {
		if _, ok := r.meta[k]; !ok {
			r.meta[k] = v
		}
	}
	applyPolicyAliases(r.meta)
	r.managed = true
	if v, ok := r.meta["is-managed"]; ok && !strings.EqualFold(v, "default") {
		r.managed = cib.IsTrue(v) // anything but a true value unmanages
	}
	if cib.IsTrue(r.meta["maintenance"]) || s.cfg.maintenance {
		r.managed, r.maintenance = false, true
	}
	r.priority = cib.ParseScore(r.meta["priority"])
	if v, ok := r.meta["failure-timeout"]; ok {
		r.failureTimeout = max(intervalMS(v), 0) / 1000
	}
	r.migrationThreshold = cib.ScoreInfinity
	if v, ok := r.meta["migration-threshold"]; ok && !strings.EqualFold(v, "default") {
		if r.migrationThreshold = cib.ParseScore(v); r.migrationThreshold < 0 {
			r.migrationThreshold = 1
		}
	}
	if r.kind == cib.KindClone && cib.IsTrue(r.meta["promotable"]) {
		r.promotable = true
	}
	if r.parent != nil && r.parent.bundled || r.kind == cib.KindBundle {
		r.bundled = true
	}
	r.fenceDevice = strings.EqualFold(r.class, "stonith")
}

func (s *scheduler) registerPrimitive(r *rsc) {
	if _, ok := s.rscByID[r.id]; !ok {
		s.rscByID[r.id] = r
	}
	if strings.EqualFold(r.class, "ocf") && strings.EqualFold(r.provider, "pacemaker") && strings.EqualFold(r.typ, "remote") {
		r.remoteNode = r.id
		s.ensureNode(r.id, kindRemote, r)
		// reconnect_interval is an instance attribute, and the failure
		// timeout when set.
		if v, ok := r.instance["reconnect_interval"]; ok {
			ms := max(intervalMS(v), 0)
			r.reconnect = ms > 0
			r.failureTimeout = ms / 1000
		}
		return
	}
	if name := r.meta["remote-node"]; name != "" {
		conn := &rsc{id: name, kind: cib.KindPrimitive, class: "ocf", provider: "pacemaker", typ: "remote",
			remoteNode: name, container: r, meta: map[string]string{}}
		s.inheritMeta(conn)
		conn.managed = r.managed
		s.all = append(s.all, conn)
		s.top = append(s.top, conn)
		if _, ok := s.rscByID[name]; !ok {
			s.rscByID[name] = conn
		}
		s.ensureNode(name, kindGuest, conn)
	}
}

// ensureNode creates a remote or guest node for a connection resource,
// or links an already configured one.
func (s *scheduler) ensureNode(name string, kind int, conn *rsc) {
	n := s.byName[name]
	if n == nil {
		n = &node{id: name, name: name, attrs: map[string]string{}}
		s.addNode(n)
	}
	n.kind = kind
	n.unclean, n.unseen = false, false
	if kind == kindRemote {
		s.startupFencing(n) // link_rsc2remotenode: a remote node is unseen as a cluster node is
	}
	n.remoteRsc = conn
}

// startupFencing is handle_startup_fencing: a node is unclean until its
// status is seen (with startup-fencing), and unseen.
func (s *scheduler) startupFencing(n *node) {
	n.unclean = s.cfg.startupFencing
	n.unseen = true
}

// applyPolicyAliases maps the seed design's resource terms onto
// Pacemaker's meta attributes, unless those are set explicitly:
// node_fencing=yes|no is requires=fencing|quorum, and failstop_type=
// ignore|block|stonith is the stop operation's on-fail (read in onFailFor).
func applyPolicyAliases(meta map[string]string) {
	if _, ok := meta["requires"]; !ok {
		switch v := meta["node_fencing"]; {
		case cib.IsTrue(v):
			meta["requires"] = "fencing"
		case cib.IsFalse(v):
			meta["requires"] = "quorum"
		}
	}
}

// failstopOnFail is the stop on-fail a failstop_type value stands for.
func failstopOnFail(v string) string {
	switch strings.ToLower(v) {
	case "ignore":
		return "ignore"
	case "block":
		return "block"
	case "stonith", "fence":
		return "fence"
	}
	return ""
}

// banFrom keeps r (or, for an anonymous clone instance, the whole clone)
// off n, as Pacemaker does after hard errors and failed stops; nil means
// every node (a fatal error).
func (r *rsc) banFrom(n *node) {
	if n == nil {
		r.banAll = true
		return
	}
	if r.bannedOn == nil {
		r.bannedOn = map[*node]bool{}
	}
	r.bannedOn[n] = true
}

// banned tells whether failures or tickets keep r off n.
func (r *rsc) banned(n *node) bool {
	for a := r; a != nil; a = a.parent {
		if a.bannedOn[n] || a.banAll {
			return true
		}
	}
	return false
}

// hardErrorTarget is what a hard error bans: the whole anonymous clone for
// one of its instances, else the resource itself.
func (r *rsc) hardErrorTarget() *rsc {
	t := r.top()
	switch {
	case t.kind == cib.KindClone && !cib.IsTrue(t.meta["globally-unique"]):
		return t
	}
	return r
}
