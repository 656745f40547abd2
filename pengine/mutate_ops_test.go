package pengine

import (
	"strconv"
	"strings"
)

// Mutations of resource history and of the operations' configuration.

var (
	opResults   = []string{"0", "1", "1", "1", "2", "3", "5", "6", "7", "7", "8", "9", "190", "191"}
	opStatuses  = []string{"0", "0", "0", "0", "1", "2", "4", "4", "5", "7", "8", "-1"}
	opTasks     = []string{"start", "stop", "stop", "stop", "monitor", "monitor", "probe", "promote", "demote", "migrate_to", "migrate_from"}
	onFailValue = []string{"ignore", "block", "demote", "stop", "restart", "standby", "fence", "restart-container"}
)

// opResult changes the result of a recorded operation.
func (m *mutator) opResult() string {
	op := m.one("lrm_rsc_op")
	if op == nil {
		return "none"
	}
	rc, status := m.pick(opResults), m.pick(opStatuses)
	op.set("rc-code", rc)
	op.set("op-status", status)
	return "op " + op.get("id") + " rc=" + rc + " status=" + status
}

func (m *mutator) maxCallID() int {
	top := 0
	for _, op := range m.root.elements("lrm_rsc_op", nil) {
		if n, err := strconv.Atoi(op.get("call-id")); err == nil && n > top {
			top = n
		}
	}
	return top
}

// failedOp records a new operation (usually a failure) of some resource
// on some node, newer than everything else.
func (m *mutator) failedOp() string {
	lr := m.one("lrm_resource")
	if lr == nil {
		return "none"
	}
	st := m.nodeStateOf(lr)
	node := ""
	if st != nil {
		node = st.get("uname")
	}
	task := m.pick(opTasks)
	interval, target := "0", "0"
	switch task {
	case "probe":
		task, target = "monitor", "7"
	case "monitor":
		interval = m.pick([]string{"10000", "15000", "60000"})
	}
	rc, status := m.pick([]string{"1", "1", "1", "2", "5", "6", "7", "0", "8", "9"}), m.pick([]string{"0", "0", "0", "2", "4", "5", "7", "8"})
	if m.rng.Intn(8) == 0 {
		rc, status = target, "0"
	}
	call := m.maxCallID() + 1 + m.rng.Intn(3)
	rid := lr.get("id")
	key := "1:1:" + target + ":aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
	op := newElement("lrm_rsc_op", "id", m.id(rid+"_op"), "operation_key", rid+"_"+task+"_"+interval,
		"operation", task, "crm-debug-origin", "do_update_resource", "crm_feature_set", "3.0.14",
		"transition-key", key, "transition-magic", status+":"+rc+";"+key,
		"call-id", strconv.Itoa(call), "rc-code", rc, "op-status", status, "interval", interval,
		"last-rc-change", "1700000000", "exec-time", "10", "queue-time", "0", "on_node", node)
	if strings.HasPrefix(task, "migrate_") {
		other := m.one("node_state")
		src, dst := node, ""
		if other != nil {
			dst = other.get("uname")
		}
		if task == "migrate_from" {
			src, dst = dst, node
		}
		op.set("migrate_source", src)
		op.set("migrate_target", dst)
	}
	lr.children = append(lr.children, op)
	return "op " + rid + " on " + node + " " + task + "_" + interval + " rc=" + rc + " status=" + status
}

func (m *mutator) nodeStateOf(x *xnode) *xnode {
	for _, st := range m.root.elements("node_state", nil) {
		for _, lr := range st.elements(x.start.Name.Local, nil) {
			if lr == x {
				return st
			}
		}
	}
	return nil
}

// configured finds the configured primitive a history entry belongs to
// (a clone instance's suffix stripped).
func (m *mutator) configured(id string) *xnode {
	if i := strings.LastIndexByte(id, ':'); i > 0 {
		id = id[:i]
	}
	for _, p := range m.root.elements("primitive", nil) {
		if p.get("id") == id {
			return p
		}
	}
	return nil
}

func msToInterval(ms string) string {
	n, _ := strconv.Atoi(ms)
	if n%1000 == 0 {
		return strconv.Itoa(n/1000) + "s"
	}
	return ms + "ms"
}

// onFail sets the on-fail of a configured operation (one the history
// records, or a new one), or in op_defaults.
func (m *mutator) onFail() string {
	value := m.pick(onFailValue)
	if m.rng.Intn(6) == 0 {
		cfg := m.config()
		if cfg == nil {
			return "none"
		}
		m.setNV(m.section(cfg, "op_defaults"), "meta_attributes", "on-fail", value)
		return "op_defaults on-fail=" + value
	}
	var prim *xnode
	task, interval := m.pick([]string{"stop", "start", "monitor", "promote", "demote"}), "0"
	if op := m.one("lrm_rsc_op"); op != nil && m.rng.Intn(3) > 0 {
		if lr := m.root.parentOf(op); lr != nil {
			prim = m.configured(lr.get("id"))
			task, interval = op.get("operation"), op.get("interval")
		}
	}
	if prim == nil {
		prim = m.one("primitive")
	}
	if prim == nil {
		return "none"
	}
	if task == "monitor" && interval == "0" && m.rng.Intn(2) == 0 {
		interval = "10000"
	}
	ops := prim.child("operations")
	if ops == nil {
		ops = newElement("operations")
		prim.children = append(prim.children, ops)
	}
	for _, o := range ops.childElements() {
		if o.get("name") == task && strconv.FormatInt(intervalMS(o.get("interval")), 10) == interval {
			o.set("on-fail", value)
			return prim.get("id") + " " + task + "_" + interval + " on-fail=" + value
		}
	}
	op := newElement("op", "id", m.id(prim.get("id")+"-"+task), "name", task, "interval", msToInterval(interval), "on-fail", value)
	if task == "monitor" && m.rng.Intn(3) == 0 {
		op.set("role", m.pick([]string{"Master", "Slave"}))
	}
	ops.children = append(ops.children, op)
	return prim.get("id") + " new op " + task + "_" + interval + " on-fail=" + value
}

var metaValues = map[string][]string{
	"requires":            {"nothing", "quorum", "fencing", "unfencing"},
	"priority":            {"0", "1", "10"},
	"maintenance":         {"true", "false"},
	"is-managed":          {"true", "false"},
	"target-role":         {"Stopped", "Started", "Promoted", "Unpromoted"},
	"failure-timeout":     {"10s", "120s", "0"},
	"migration-threshold": {"1", "3", "0"},
	"resource-stickiness": {"0", "100", "INFINITY"},
	"multiple-active":     {"block", "stop_only", "stop_start"},
}

// meta sets a meta attribute of a resource, or in rsc_defaults.
func (m *mutator) meta() string {
	names := make([]string, 0, len(metaValues))
	for k := range metaValues {
		names = append(names, k)
	}
	sortStrings(names)
	name := m.pick(names)
	value := m.pick(metaValues[name])
	var targets []*xnode
	for _, tag := range []string{"primitive", "group", "clone", "master", "bundle"} {
		for _, r := range m.root.elements(tag, nil) {
			if m.root.parentOf(r).start.Name.Local != "template" {
				targets = append(targets, r)
			}
		}
	}
	if len(targets) == 0 || m.rng.Intn(8) == 0 {
		cfg := m.config()
		if cfg == nil {
			return "none"
		}
		m.setNV(m.section(cfg, "rsc_defaults"), "meta_attributes", name, value)
		return "rsc_defaults " + name + "=" + value
	}
	r := targets[m.rng.Intn(len(targets))]
	m.setNV(r, "meta_attributes", name, value)
	return r.get("id") + " " + name + "=" + value
}
