package cib

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/beevik/etree"
)

var devicesRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_.\-]+(,[a-zA-Z0-9_.\-]+)*$`) })

// levelTarget returns a fencing level's target as one comparable key, and
// how many target forms it uses.
func levelTarget(l *etree.Element) (string, int) {
	key, forms := "", 0
	if v := l.SelectAttr("target"); v != nil {
		key, forms = "node:"+v.Value, forms+1
	}
	if v := l.SelectAttr("target-pattern"); v != nil {
		key, forms = "pattern:"+v.Value, forms+1
	}
	if v := l.SelectAttr("target-attribute"); v != nil {
		key, forms = "attr:"+v.Value+"="+l.SelectAttrValue("target-value", ""), forms+1
	}
	return key, forms
}

// checkLevels checks the fencing topology: index 1 to 9, one target form,
// devices that exist and are stonith primitives, one level per index and
// target.
func (d *Document) checkLevels(x *index) []Finding {
	ft := d.configChild("fencing-topology")
	if ft == nil {
		return nil
	}
	var out []Finding
	seen := map[string]*etree.Element{}
	for _, l := range ft.SelectElements("fencing-level") {
		add := func(sev Severity, check, msg string) { out = append(out, d.finding(sev, check, l, msg)) }
		idx := l.SelectAttrValue("index", "")
		if n, err := strconv.Atoi(idx); err != nil || n < 1 || n > 9 {
			add(Error, "level-index", fmt.Sprintf("index=%q is invalid: use 1 to 9 (the fencer ignores other levels)", idx))
		}
		key, forms := levelTarget(l)
		switch {
		case forms != 1:
			add(Error, "level-target", "a fencing level needs exactly one of target, target-pattern or target-attribute+target-value")
		case l.SelectAttr("target-attribute") != nil && l.SelectAttr("target-value") == nil:
			add(Error, "level-target", "target-attribute needs target-value: add it")
		}
		if prev := seen[key+"#"+idx]; prev != nil && forms == 1 {
			add(Error, "level-duplicate", fmt.Sprintf("level %s for this target is also defined by %s: give each level its own index",
				idx, prev.SelectAttrValue("id", "")))
		}
		seen[key+"#"+idx] = l
		out = append(out, d.checkLevelTarget(x, l)...)
		out = append(out, d.checkLevelDevices(x, l)...)
	}
	return out
}

func (d *Document) checkLevelTarget(x *index, l *etree.Element) []Finding {
	if t := l.SelectAttr("target"); t != nil && len(x.nodes) > 0 {
		if x.nameCount[t.Value] > 0 {
			return nil
		}
		for _, n := range x.nodeNames() {
			if strings.EqualFold(n, t.Value) { // the fencer matches names ignoring case
				return nil
			}
		}
		return []Finding{d.finding(Warning, "level-target", l, fmt.Sprintf("target %q is not a node in <nodes>: correct the name or add the node", t.Value))}
	}
	if p := l.SelectAttr("target-pattern"); p != nil {
		if _, err := regexp.CompilePOSIX(p.Value); err != nil {
			return []Finding{d.finding(Error, "level-target", l, fmt.Sprintf("target-pattern %q is not a regular expression: %v", p.Value, err))}
		}
	}
	return nil
}

func (d *Document) checkLevelDevices(x *index, l *etree.Element) []Finding {
	devs := l.SelectAttrValue("devices", "")
	if !devicesRE().MatchString(devs) {
		return []Finding{d.finding(Error, "level-devices", l, fmt.Sprintf("devices=%q is invalid: list device ids separated by commas, without spaces", devs))}
	}
	var out []Finding
	for _, dev := range strings.Split(devs, ",") {
		r := x.resources[dev]
		switch {
		case r == nil:
			out = append(out, d.finding(Error, "level-devices", l, fmt.Sprintf("device %q does not exist: define it or remove it from the level", dev)))
		case r.Tag != "primitive":
			out = append(out, d.finding(Error, "level-devices", l, fmt.Sprintf("%q is a %s, not a device: name the stonith primitive inside it", dev, r.Tag)))
		case !x.isStonith(r):
			out = append(out, d.finding(Error, "level-devices", l, fmt.Sprintf("%q is not a stonith primitive: name a class=\"stonith\" device", dev)))
		}
	}
	return out
}

// checkTopologyOrder warns about nodes several fencing-level targets match
// (none naming the node exactly): Pacemaker's fencer then uses the one
// that comes first in its hash table, which no administrator can see;
// the warning names it.
func (d *Document) checkTopologyOrder(x *index) []Finding {
	m := x.model
	if len(m.FencingLevels) == 0 {
		return nil
	}
	t := NewTopology(m.FencingLevels)
	var out []Finding
	for _, n := range m.Nodes {
		if n.Uname == "" || t.entries[n.Uname] != nil {
			continue
		}
		var matched []string
		for _, e := range t.Entries() {
			if t.matches(e, n.Uname, m.Nodes) {
				matched = append(matched, e.By+"="+e.Key)
			}
		}
		if len(matched) < 2 {
			continue
		}
		first := t.For(n.Uname, m.Nodes)
		used := "none of them (its first match has no levels)"
		if first != nil {
			used = first.By + "=" + first.Key
		}
		out = append(out, d.FindingFor(Warning, "level-order", levelID(m.FencingLevels, first), fmt.Sprintf(
			"node %s matches several fencing-level targets (%s) and Pacemaker's fencer uses %s, the first in its table: make one target name %s exactly",
			n.Uname, strings.Join(matched, ", "), used, n.Uname)))
	}
	return out
}

// levelID is the id of a level of entry e (or any level when e is nil).
func levelID(levels []FencingLevel, e *TopologyEntry) string {
	for _, l := range levels {
		if by, key := levelKind(l); e == nil || (by == e.By && key == e.Key) {
			return l.ID
		}
	}
	return ""
}
