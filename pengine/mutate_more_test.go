package pengine

import (
	"strconv"
)

// Mutations of devices, remote and guest nodes, time, tickets and
// placement constraints.

func (m *mutator) resources() *xnode {
	cfg := m.config()
	if cfg == nil {
		return nil
	}
	return m.section(cfg, "resources")
}

// device adds a fencing device, removes one (its history then makes it
// an orphan), records an orphaned device's history, or removes them all.
func (m *mutator) device() string {
	res := m.resources()
	if res == nil {
		return "none"
	}
	var devices []*xnode
	for _, p := range m.root.elements("primitive", nil) {
		if p.get("class") == "stonith" {
			devices = append(devices, p)
		}
	}
	switch m.rng.Intn(5) {
	case 0, 1:
		id := m.id("fence")
		dev := newElement("primitive", "id", id, "class", "stonith", "type", m.pick([]string{"fence_dummy", "fence_xvm", "fence_scsi"}))
		if m.rng.Intn(3) == 0 {
			m.setNV(dev, "meta_attributes", "provides", "unfencing")
		}
		if n := m.one("node"); n != nil && m.rng.Intn(2) == 0 {
			m.setNV(dev, "instance_attributes", "pcmk_host_list", n.get("uname"))
		}
		res.children = append(res.children, dev)
		return "device " + id + " added"
	case 2:
		if len(devices) == 0 {
			return "none"
		}
		d := devices[m.rng.Intn(len(devices))]
		top := d
		for p := m.root.parentOf(top); p != nil && p != res && p.start.Name.Local != "resources"; p = m.root.parentOf(top) {
			top = p
		}
		m.root.removeDeep(top)
		return "device " + d.get("id") + " removed"
	case 3:
		st := m.one("node_state")
		if st == nil {
			return "none"
		}
		id := m.id("orphan-fence")
		lrm := m.section(m.section(st, "lrm"), "lrm_resources")
		if st.child("lrm").get("id") == "" {
			st.child("lrm").set("id", st.get("id"))
		}
		lr := newElement("lrm_resource", "id", id, "class", "stonith", "type", "fence_dummy")
		key := "1:1:0:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
		lr.children = append(lr.children, newElement("lrm_rsc_op", "id", id+"_last_0", "operation_key", id+"_start_0",
			"operation", "start", "crm-debug-origin", "do_update_resource", "crm_feature_set", "3.0.14",
			"transition-key", key, "transition-magic", "0:0;"+key, "call-id", strconv.Itoa(m.maxCallID()+1),
			"rc-code", "0", "op-status", "0", "interval", "0", "last-rc-change", "1700000000", "exec-time", "10",
			"queue-time", "0", "on_node", st.get("uname")))
		lrm.children = append(lrm.children, lr)
		return "orphaned device " + id + " on " + st.get("uname")
	}
	for _, d := range devices {
		m.root.removeDeep(d)
	}
	return "every device removed"
}

// remoteState changes a remote or guest node's status entry or its
// connection's settings.
func (m *mutator) remoteState() string {
	var remotes []*xnode
	for _, st := range m.root.elements("node_state", nil) {
		if st.get("remote_node") == "true" {
			remotes = append(remotes, st)
		}
	}
	if m.rng.Intn(3) == 0 {
		var conns []*xnode
		for _, p := range m.root.elements("primitive", nil) {
			if p.get("type") == "remote" && p.get("provider") == "pacemaker" {
				conns = append(conns, p)
			}
		}
		if len(conns) > 0 {
			c := conns[m.rng.Intn(len(conns))]
			v := m.pick([]string{"60s", "0", ""})
			m.setNV(c, "instance_attributes", "reconnect_interval", v)
			return c.get("id") + " reconnect_interval=" + v
		}
	}
	if len(remotes) == 0 {
		return m.nodeState()
	}
	st := remotes[m.rng.Intn(len(remotes))]
	switch m.rng.Intn(5) {
	case 0:
		v := m.pick([]string{"1", "0"})
		st.set("node_fenced", v)
		return "remote " + st.get("uname") + " node_fenced=" + v
	case 1:
		m.transient(st, "shutdown", m.pick([]string{"1700000000", ""}))
		return "remote " + st.get("uname") + " shutdown"
	case 2:
		m.root.removeDeep(st)
		return "remote " + st.get("uname") + " status removed"
	}
	name := m.pick([]string{"standby", "maintenance"})
	v := m.pick([]string{"on", "off"})
	m.transient(st, name, v)
	return "remote " + st.get("uname") + " " + name + "=" + v
}

// executionDate sets the time the CIB is evaluated at, so that failures
// expire or not.
func (m *mutator) executionDate() string {
	cib := m.root.child("cib")
	if cib == nil {
		return "none"
	}
	var last int64
	for _, op := range m.root.elements("lrm_rsc_op", nil) {
		if v, err := strconv.ParseInt(op.get("last-rc-change"), 10, 64); err == nil && v > last {
			last = v
		}
	}
	offsets := []int64{5, 30, 90, 600, 3600, 86400, 2592000}
	at := last + offsets[m.rng.Intn(len(offsets))]
	cib.set("execution-date", strconv.FormatInt(at, 10))
	return "execution-date " + strconv.FormatInt(at, 10)
}

// ticket grants or revokes a ticket, or ties a resource to a revoked one.
func (m *mutator) ticket() string {
	if ts := m.one("ticket_state"); ts != nil && m.rng.Intn(2) == 0 {
		v := m.pick([]string{"true", "false"})
		ts.set("granted", v)
		return "ticket " + ts.get("id") + " granted=" + v
	}
	prim := m.one("primitive")
	cfg := m.config()
	if prim == nil || cfg == nil {
		return "none"
	}
	id := m.id("ticket")
	policy := m.pick([]string{"fence", "stop", "freeze", "demote"})
	cons := m.section(cfg, "constraints")
	cons.children = append(cons.children, newElement("rsc_ticket", "id", id, "rsc", prim.get("id"),
		"ticket", id, "loss-policy", policy))
	return prim.get("id") + " needs revoked ticket, loss-policy=" + policy
}

// location adds a location constraint between a resource and a node.
func (m *mutator) location() string {
	cfg := m.config()
	res := m.resources()
	n := m.one("node")
	if cfg == nil || res == nil || n == nil {
		return "none"
	}
	tops := res.childElements()
	if len(tops) == 0 {
		return "none"
	}
	r := tops[m.rng.Intn(len(tops))]
	score := m.pick([]string{"-INFINITY", "INFINITY", "100", "-100"})
	cons := m.section(cfg, "constraints")
	cons.children = append(cons.children, newElement("rsc_location", "id", m.id("loc"), "rsc", r.get("id"),
		"node", n.get("uname"), "score", score))
	return r.get("id") + " location " + n.get("uname") + " " + score
}
