package pengine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// step builds a's executable form as Pacemaker 2.1.5's fencer would carry
// it out: the levels of the topology entry the fencer finds for the
// target (cib.Topology.For), or without one the devices of its device
// table, each device's call built from its parameters.
func (s *scheduler) step(a *Action) *Step {
	st := &Step{Target: a.Target, TargetID: a.TargetID, Action: a.Action, Timeout: Duration(s.fencing.Timeout),
		Query: []Op{}}
	if a.HasDelay {
		st.Delay = a.Delay
	}
	for _, id := range s.queryDevices(a.Target) {
		st.Query = append(st.Query, s.op(a, id, a.Action))
	}
	if e := s.topology.For(a.Target, s.m.Nodes); e != nil {
		st.Topology, st.Entry = true, e.Key
		for _, l := range e.Levels() {
			st.Levels = append(st.Levels, s.topologyLevel(a, l))
		}
		return st
	}
	level := StepLevel{Index: 0, Devices: []string{}}
	for _, id := range s.queryDevices(a.Target) {
		op := s.op(a, id, a.Action)
		if !op.MayFence() {
			continue // the fencer's search does not report it
		}
		op.Required = a.Action == cib.FenceOn && s.unfencesAutomatically(s.devices[id])
		level.Devices = append(level.Devices, id)
		level.Ops = append(level.Ops, op)
	}
	if len(level.Ops) > 1 {
		st.Notes = append(st.Notes, "without topology the devices are tried in the order of the fencer's device table "+
			"(Pacemaker 2.1.5 may reorder them: it sorts them by a priority it reads from the wrong memory)")
	}
	st.Levels = []StepLevel{level}
	return st
}

// deviceTable lists the devices a fencer registers, in the order of its
// device table (a GLib hash table filled in CIB order). Built once for
// the devices unpackDevices read; the slice is shared.
func (s *scheduler) deviceTable() []string {
	if s.table == nil {
		ids := []string{}
		for _, id := range s.deviceOrder {
			if d := s.devices[id]; d.nodes.Len() > 0 {
				ids = append(ids, id)
			}
		}
		s.table = cib.TableOrder(ids)
	}
	return s.table
}

// queryDevices lists, in device table order, the devices of the table
// that the fencer's query may find able to fence target: all of them but
// those whose static list (pcmk_host_check=static-list) leaves target
// out, which the query knows to refuse before running anything. The
// devices are indexed by the names their static lists admit once, so a
// call is O(devices that may fence target), not O(devices).
func (s *scheduler) queryDevices(target string) []string {
	table := s.deviceTable()
	if s.staticIndex == nil {
		s.staticIndex, s.unlisted = map[string][]int{}, nil
		for i, id := range table {
			d := s.devices[id]
			if !strings.EqualFold(d.fd.HostCheck(d.agent), cib.CheckStatic) {
				s.unlisted = append(s.unlisted, i)
				continue
			}
			for _, name := range append(d.fd.StaticTargets(), d.fd.Names()...) {
				k := strings.ToLower(name)
				if l := s.staticIndex[k]; len(l) == 0 || l[len(l)-1] != i {
					s.staticIndex[k] = append(l, i)
				}
			}
		}
	}
	var at []int
	if isASCII(target) {
		at = append(slices.Clone(s.unlisted), s.staticIndex[strings.ToLower(target)]...)
		slices.Sort(at)
		at = slices.Compact(at)
	} else {
		for i := range table {
			at = append(at, i)
		}
	}
	ids := make([]string, 0, len(at))
	for _, i := range at {
		d := s.devices[table[i]]
		if strings.EqualFold(d.fd.HostCheck(d.agent), cib.CheckStatic) && !d.fd.InStaticList(target) {
			continue
		}
		ids = append(ids, table[i])
	}
	return ids
}

// topologyLevel is one level of a: its devices one after another, a
// reboot on several devices as every device off, then every device on
// (not those staying off with pcmk_reboot_action=off, without on, or
// unfencing automatically; failures ignored), and for on the devices
// that unfence automatically after the level's own.
func (s *scheduler) topologyLevel(a *Action, l cib.Level) StepLevel {
	sl := StepLevel{Index: l.Index, Devices: l.Devices}
	if a.Action == cib.FenceReboot && len(l.Devices) > 1 {
		for _, id := range l.Devices {
			sl.Ops = append(sl.Ops, s.op(a, id, cib.FenceOff))
		}
		for _, id := range l.Devices {
			d := s.devices[id]
			if d == nil || d.fd.Params["pcmk_reboot_action"] == "off" || !d.agent.On || s.unfencesAutomatically(d) {
				continue
			}
			op := s.op(a, id, cib.FenceOn)
			op.Optional = true
			sl.Ops = append(sl.Ops, op)
		}
		return sl
	}
	for _, id := range l.Devices {
		sl.Ops = append(sl.Ops, s.op(a, id, a.Action))
	}
	if a.Action == cib.FenceOn {
		for _, id := range s.queryDevices(a.Target) {
			d := s.devices[id]
			if contains(l.Devices, id) || !s.unfencesAutomatically(d) {
				continue
			}
			op := s.op(a, id, cib.FenceOn)
			op.Required = true
			if op.MayFence() {
				sl.Ops = append(sl.Ops, op)
			}
		}
	}
	return sl
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unfencesAutomatically: the device's agent has an automatic on, or the
// device provides unfencing.
func (s *scheduler) unfencesAutomatically(d *device) bool {
	return d.agent.AutoUnfence || strings.EqualFold(d.fd.Provides, "unfencing")
}

// op is device id's part in a for action (a's, or off/on in a
// multi-device reboot).
func (s *scheduler) op(a *Action, id string, action cib.FenceAction) Op {
	d := s.devices[id]
	if d == nil {
		return Op{Device: id, Action: action, Unusable: "no such stonith device"}
	}
	exec := cib.ExecAction(string(action), d.agent)
	op := Op{Device: d.name, Agent: d.fd.Agent, Action: action, Call: s.call(d, exec, a.Target),
		Nodes: s.executors(d, string(action), a.Target), Check: s.check(d, a.Target),
		ActionLimit: d.fd.ActionLimit(), Monitor: s.call(d, "monitor", "")}
	op.DelayBase, op.DelayMax = d.fd.Delays(string(action), a.Target)
	switch {
	case d.nodes.Len() == 0:
		op.Unusable = "the device may run on no node: " + strings.Join(d.why, "; ")
	case action == cib.FenceOn && !d.agent.On:
		op.Unusable = "its agent has no on action"
	case op.Nodes.Len() == 0:
		op.Unusable = "only " + a.Target + " itself may run it"
	case op.Check.Known && !op.Check.Admits:
		op.Unusable = fmt.Sprintf("pcmk_host_check=%s does not admit %s", op.Check.Mode, a.Target)
	}
	return op
}

// executors are the nodes where d may run action against target
// (localhost_is_eligible without the self-fencing flag): all but the
// target, or only the target for an action the agent runs on_target
// (matched as a substring of the list, as the fencer does).
func (s *scheduler) executors(d *device, action, target string) NodeList {
	onTarget := strings.Contains(strings.Join(d.agent.OnTarget, " "), action)
	if !onTarget {
		return d.nodes.without(target)
	}
	var out []string
	for _, i := range d.nodes.indexes(target) {
		if _, skipped := slices.BinarySearch(d.nodes.skip, i); !skipped {
			out = append(out, d.nodes.base.names[i])
		}
	}
	return Nodes(out...)
}

// check is how the fencer decides whether d can fence target.
func (s *scheduler) check(d *device, target string) Check {
	c := Check{Mode: d.fd.HostCheck(d.agent)}
	switch strings.ToLower(c.Mode) {
	case cib.CheckNone:
		c.Known, c.Admits = true, true
	case cib.CheckStatic:
		c.Known, c.Admits = true, d.fd.InStaticList(target)
	case cib.CheckDynamic:
		name := target
		if alias, ok := d.fd.Alias(target); ok {
			name = alias
		}
		c.Names = []string{name}
		list := s.call(d, "list", "")
		c.List = &list
		if _, set := d.fd.Params["pcmk_host_check"]; !set {
			status := s.call(d, "status", target)
			c.Status = &status
		}
	case cib.CheckStatus:
		status := s.call(d, "status", target)
		c.Status = &status
	default:
		c.Known = true
	}
	return c
}
