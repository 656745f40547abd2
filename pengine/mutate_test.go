package pengine

import (
	"math/rand"
	"strconv"
)

// mutator applies random, plausible changes to a CIB tree, the way an
// administrator's cluster drifts: nodes lost, failed operations, options
// changed, devices added and removed.
type mutator struct {
	rng  *rand.Rand
	root *xnode
	seq  int
}

// mutate applies one random change and says which.
func (m *mutator) mutate() string {
	kinds := []func() string{
		m.nodeState, m.nodeState, m.nodeState, m.nodeAttr, m.nodeAttr, m.removeNode,
		m.quorum, m.property, m.property, m.property,
		m.opResult, m.opResult, m.failedOp, m.failedOp, m.failedOp, m.onFail, m.onFail,
		m.meta, m.meta, m.device, m.device, m.remoteState, m.executionDate, m.ticket, m.location,
		m.deviceParam, m.unfenced, m.unfenced, m.unfencingOn, m.colocation, m.migration,
		m.connectionFailure, m.connectionFailure,
	}
	return kinds[m.rng.Intn(len(kinds))]()
}

func (m *mutator) pick(s []string) string { return s[m.rng.Intn(len(s))] }

func (m *mutator) id(what string) string {
	m.seq++
	return "mutant-" + what + "-" + strconv.Itoa(m.seq)
}

func (m *mutator) one(tag string) *xnode {
	all := m.root.elements(tag, nil)
	if len(all) == 0 {
		return nil
	}
	return all[m.rng.Intn(len(all))]
}

// section returns the element named tag under parent, creating it.
func (m *mutator) section(parent *xnode, tag string) *xnode {
	if c := parent.child(tag); c != nil {
		return c
	}
	c := newElement(tag)
	parent.children = append(parent.children, c)
	return c
}

func (m *mutator) config() *xnode {
	cib := m.root.child("cib")
	if cib == nil {
		return nil
	}
	return m.section(cib, "configuration")
}

// setNV sets name=value in the first rule-free set named setTag under
// parent (created when missing); an empty value removes the pair.
func (m *mutator) setNV(parent *xnode, setTag, name, value string) {
	var set *xnode
	for _, c := range parent.childElements() {
		if c.start.Name.Local == setTag && c.child("rule") == nil {
			set = c
			break
		}
	}
	if set == nil {
		set = newElement(setTag, "id", m.id(setTag))
		parent.children = append(parent.children, set)
	}
	for _, nv := range set.childElements() {
		if nv.start.Name.Local == "nvpair" && nv.get("name") == name {
			if value == "" {
				set.remove(nv)
			} else {
				nv.set("value", value)
			}
			return
		}
	}
	if value != "" {
		set.children = append([]any{newElement("nvpair", "id", m.id("nv"), "name", name, "value", value)}, set.children...)
	}
}

// transient sets (or with "" removes) a status attribute of a node_state.
func (m *mutator) transient(st *xnode, name, value string) {
	ta := st.child("transient_attributes")
	if ta == nil {
		if value == "" {
			return
		}
		ta = newElement("transient_attributes", "id", st.get("id"))
		st.children = append([]any{ta}, st.children...)
	}
	m.setNV(ta, "instance_attributes", name, value)
}

func (m *mutator) nodeState() string {
	st := m.one("node_state")
	if st == nil {
		return "none"
	}
	kind := m.pick([]string{"lost", "crmd-down", "banned", "no-in_ccm", "terminate", "clean", "down",
		"pending", "expected-down", "join-down"})
	set := func(inCCM, crmd, join, expected string) {
		st.set("in_ccm", inCCM)
		st.set("crmd", crmd)
		st.set("join", join)
		st.set("expected", expected)
	}
	switch kind {
	case "lost":
		set("false", "offline", "down", "member")
	case "crmd-down":
		set("true", "offline", "member", "member")
	case "banned":
		st.set("join", "banned")
	case "no-in_ccm":
		st.del("in_ccm")
	case "terminate":
		m.transient(st, "terminate", "true")
	case "clean":
		set("true", "online", "member", "member")
		m.transient(st, "terminate", "")
		m.transient(st, "shutdown", "")
	case "down":
		set("false", "offline", "down", "down")
	case "pending":
		set("true", "online", "pending", "member")
	case "expected-down":
		st.set("expected", "down")
	case "join-down":
		st.set("join", "down")
	}
	return "node " + st.get("uname") + " " + kind
}

func (m *mutator) nodeAttr() string {
	name := m.pick([]string{"standby", "maintenance", "shutdown", "standby", "maintenance"})
	value := m.pick([]string{"on", "off", "true"})
	if name == "shutdown" {
		value = m.pick([]string{"1700000000", "0", ""})
	}
	if m.rng.Intn(2) == 0 && name != "shutdown" {
		n := m.one("node")
		if n == nil {
			return "none"
		}
		m.setNV(n, "instance_attributes", name, value)
		return "node " + n.get("uname") + " " + name + "=" + value
	}
	st := m.one("node_state")
	if st == nil {
		return "none"
	}
	m.transient(st, name, value)
	return "status of " + st.get("uname") + " " + name + "=" + value
}

// removeNode drops a node's status entry (it is then unseen) or its
// configuration entry.
func (m *mutator) removeNode() string {
	if m.rng.Intn(2) == 0 {
		st := m.one("node_state")
		if st == nil {
			return "none"
		}
		m.root.removeDeep(st)
		return "status of " + st.get("uname") + " removed"
	}
	n := m.one("node")
	if n == nil {
		return "none"
	}
	m.root.removeDeep(n)
	return "node " + n.get("uname") + " removed"
}

func (m *mutator) quorum() string {
	cib := m.root.child("cib")
	if cib == nil {
		return "none"
	}
	if m.rng.Intn(4) == 0 {
		v := m.pick([]string{"1", "0"})
		cib.set("no-quorum-panic", v)
		return "no-quorum-panic=" + v
	}
	v := m.pick([]string{"1", "0", "true", "false"})
	cib.set("have-quorum", v)
	return "have-quorum=" + v
}

// properties are the cluster options that bear on fencing, with values
// to try ("" removes the option).
var properties = map[string][]string{
	"stonith-enabled":          {"true", "false", ""},
	"stonith-action":           {"reboot", "off", "poweroff", ""},
	"startup-fencing":          {"true", "false", ""},
	"concurrent-fencing":       {"true", "false", ""},
	"no-quorum-policy":         {"stop", "freeze", "ignore", "demote", "suicide", ""},
	"priority-fencing-delay":   {"0", "15", "30s", ""},
	"have-watchdog":            {"true", "false", ""},
	"maintenance-mode":         {"true", "false", ""},
	"stop-orphan-resources":    {"true", "false", ""},
	"symmetric-cluster":        {"true", "false", ""},
	"enable-startup-probes":    {"true", "false", ""},
	"stop-all-resources":       {"true", "false", ""},
	"shutdown-lock":            {"true", "false", ""},
	"start-failure-is-fatal":   {"true", "false", ""},
	"stonith-watchdog-timeout": {"0", "10", ""},
	"placement-strategy":       {"default", "utilization", "balanced", "minimal", ""},
}

func (m *mutator) property() string {
	cfg := m.config()
	if cfg == nil {
		return "none"
	}
	names := make([]string, 0, len(properties))
	for k := range properties {
		names = append(names, k)
	}
	sortStrings(names)
	name := m.pick(names)
	value := m.pick(properties[name])
	crm := m.section(cfg, "crm_config")
	var set *xnode
	for _, c := range crm.childElements() {
		if c.start.Name.Local == "cluster_property_set" && c.get("id") == "cib-bootstrap-options" {
			set = c
		}
	}
	if set == nil {
		set = newElement("cluster_property_set", "id", "cib-bootstrap-options")
		crm.children = append([]any{set}, crm.children...)
	}
	// Every copy of the option goes, so the new value is the one read.
	for _, s := range crm.childElements() {
		for _, nv := range s.childElements() {
			if nv.get("name") == name {
				s.remove(nv)
			}
		}
	}
	if value != "" {
		set.children = append([]any{newElement("nvpair", "id", m.id("opt"), "name", name, "value", value)}, set.children...)
	}
	return name + "=" + value
}
