package pengine

import (
	"strconv"
	"strings"
)

// Mutations aimed at unfencing, remote connections, launchers, migration
// and placement.

// deviceParam changes a fencing device's parameter, so that recorded
// digests no longer match (a password only changes the secure digest).
func (m *mutator) deviceParam() string {
	var devices []*xnode
	for _, p := range m.root.elements("primitive", nil) {
		if p.get("class") == "stonith" {
			devices = append(devices, p)
		}
	}
	if len(devices) == 0 {
		return "none"
	}
	d := devices[m.rng.Intn(len(devices))]
	name := m.pick([]string{"passwd", "password", "ipaddr", "login", "delay", "pcmk_host_list", "port"})
	value := m.pick([]string{"secret", "10.0.0.9", "admin", "5", "node1", ""})
	m.setNV(d, "instance_attributes", name, value)
	return "device " + d.get("id") + " " + name + "=" + value
}

// unfenced sets or clears a node's record of having been unfenced, or its
// record of the devices that unfenced it.
func (m *mutator) unfenced() string {
	st := m.one("node_state")
	if st == nil {
		return "none"
	}
	if m.rng.Intn(3) == 0 {
		v := m.pick([]string{"", "dev:fence_xvm:0123456789abcdef0123456789abcdef,"})
		m.transient(st, "#digests-all", v)
		return st.get("uname") + " #digests-all=" + v
	}
	v := m.pick([]string{"1700000000", "0", ""})
	m.transient(st, "#node-unfenced", v)
	return st.get("uname") + " #node-unfenced=" + v
}

// unfencingOn turns unfencing on: a resource or the defaults requiring
// it, or a device providing it.
func (m *mutator) unfencingOn() string {
	switch m.rng.Intn(3) {
	case 0:
		cfg := m.config()
		if cfg == nil {
			return "none"
		}
		m.setNV(m.section(cfg, "rsc_defaults"), "meta_attributes", "requires", "unfencing")
		return "rsc_defaults requires=unfencing"
	case 1:
		var devices []*xnode
		for _, p := range m.root.elements("primitive", nil) {
			if p.get("class") == "stonith" {
				devices = append(devices, p)
			}
		}
		if len(devices) > 0 {
			d := devices[m.rng.Intn(len(devices))]
			m.setNV(d, "meta_attributes", "provides", "unfencing")
			return "device " + d.get("id") + " provides=unfencing"
		}
	}
	r := m.one("primitive")
	if r == nil {
		return "none"
	}
	m.setNV(r, "meta_attributes", "requires", "unfencing")
	return r.get("id") + " requires=unfencing"
}

// colocation adds a colocation between two top-level resources.
func (m *mutator) colocation() string {
	res := m.resources()
	cfg := m.config()
	if res == nil || cfg == nil {
		return "none"
	}
	tops := res.childElements()
	if len(tops) < 2 {
		return "none"
	}
	a, b := tops[m.rng.Intn(len(tops))], tops[m.rng.Intn(len(tops))]
	if a == b {
		return "none"
	}
	score := m.pick([]string{"INFINITY", "-INFINITY", "100", "-100"})
	cons := m.section(cfg, "constraints")
	cons.children = append(cons.children, newElement("rsc_colocation", "id", m.id("col"), "rsc", a.get("id"),
		"with-rsc", b.get("id"), "score", score))
	return a.get("id") + " with " + b.get("id") + " " + score
}

// migration records a live migration begun (migrate_to) and maybe
// finished (migrate_from) on another node.
func (m *mutator) migration() string {
	lr := m.one("lrm_resource")
	if lr == nil {
		return "none"
	}
	src, dst := m.nodeStateOf(lr), m.one("node_state")
	if src == nil || dst == nil || src == dst {
		return "none"
	}
	rid := lr.get("id")
	key := "1:1:0:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
	call := m.maxCallID() + 1
	op := func(task string, on *xnode, call int) *xnode {
		return newElement("lrm_rsc_op", "id", m.id(rid+"_"+task), "operation_key", rid+"_"+task+"_0",
			"operation", task, "crm-debug-origin", "do_update_resource", "crm_feature_set", "3.0.14",
			"transition-key", key, "transition-magic", "0:0;"+key, "call-id", strconv.Itoa(call),
			"rc-code", "0", "op-status", "0", "interval", "0", "last-rc-change", "1700000000",
			"exec-time", "10", "queue-time", "0", "on_node", on.get("uname"),
			"migrate_source", src.get("uname"), "migrate_target", dst.get("uname"))
	}
	lr.children = append(lr.children, op("migrate_to", src, call))
	what := rid + " migrate_to " + dst.get("uname")
	if m.rng.Intn(2) == 0 {
		lrm := m.section(m.section(dst, "lrm"), "lrm_resources")
		var there *xnode
		for _, x := range lrm.childElements() {
			if x.get("id") == rid {
				there = x
			}
		}
		if there == nil {
			there = newElement("lrm_resource", "id", rid, "class", lr.get("class"), "type", lr.get("type"))
			if p := lr.get("provider"); p != "" {
				there.set("provider", p)
			}
			lrm.children = append(lrm.children, there)
		}
		there.children = append(there.children, op("migrate_from", dst, call+1))
		what += " and migrate_from"
	}
	return what
}

// connectionFailure fails an operation of a remote connection or of a
// guest's launcher.
func (m *mutator) connectionFailure() string {
	special := map[string]bool{}
	for _, p := range m.root.elements("primitive", nil) {
		if p.get("type") == "remote" && p.get("provider") == "pacemaker" {
			special[p.get("id")] = true
		}
		for _, nv := range p.elements("nvpair", nil) {
			if nv.get("name") == "remote-node" {
				special[p.get("id")] = true
			}
		}
	}
	var ops []*xnode
	for _, lr := range m.root.elements("lrm_resource", nil) {
		id := lr.get("id")
		if special[id] || strings.Contains(id, "-docker-") || strings.Contains(id, "-podman-") {
			ops = append(ops, lr.elements("lrm_rsc_op", nil)...)
		}
	}
	if len(ops) == 0 {
		return m.failedOp()
	}
	op := ops[m.rng.Intn(len(ops))]
	rc, status := m.pick([]string{"1", "1", "7", "6", "5"}), m.pick([]string{"0", "0", "2", "4", "8"})
	op.set("rc-code", rc)
	op.set("op-status", status)
	return "op " + op.get("id") + " rc=" + rc + " status=" + status
}
