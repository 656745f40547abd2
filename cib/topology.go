package cib

import (
	"regexp"
	"strconv"
	"strings"
)

// Level target kinds, as Pacemaker's fencer tells them apart.
const (
	ByName      = "target"
	ByPattern   = "target-pattern"
	ByAttribute = "target-attribute"
)

// maxLevels is the fencer's ST_LEVEL_MAX: indexes 1 to 9 are usable.
const maxLevels = 10

// Level is one fencing-topology level of a target: its devices, in order.
type Level struct {
	Index   int      `json:"index"`
	Devices []string `json:"devices"`
}

// TopologyEntry is what the fencer keeps for one level target: the target
// as written (a node name, a pattern, or NAME=VALUE) and its levels.
type TopologyEntry struct {
	// By is ByName, ByPattern or ByAttribute.
	By string
	// Key is the target as the fencer files it: the name, the pattern, or
	// "attribute=value".
	Key              string
	Pattern          string
	Attribute, Value string
	levels           [maxLevels][]string
}

// Levels lists the entry's levels by ascending index.
func (e *TopologyEntry) Levels() []Level {
	var out []Level
	for i, devs := range e.levels {
		if devs != nil {
			out = append(out, Level{Index: i, Devices: append([]string(nil), devs...)})
		}
	}
	return out
}

// Topology is the fencing topology as Pacemaker 2.1.5's fencer holds it
// after reading the CIB: one entry per distinct target in a GLib hash
// table whose order decides which entry a node gets when several match.
type Topology struct {
	table   *ghash
	entries map[string]*TopologyEntry
	// Ignored lists the levels the fencer refuses, one line each: the
	// level id and why.
	Ignored []string
}

// NewTopology registers levels (in document order) the way the fencer
// does on a full topology refresh: each level first clears the level of
// the same target and index (an absent index clears the whole target),
// then, if it has an id, a known target and an index from 1 to 9, its
// devices (split on commas, as written) are added to it.
func NewTopology(levels []FencingLevel) *Topology {
	t := &Topology{table: newGHash(), entries: map[string]*TopologyEntry{}}
	for _, l := range levels {
		by, key := levelKind(l)
		if key == "" && by == "" {
			key = "unknown-" + l.Attrs["id"]
		}
		index, indexOK := levelIndex(l)
		t.remove(key, index)
		switch {
		case l.Attrs["id"] == "":
			t.Ignored = append(t.Ignored, "a fencing level without id is ignored")
			continue
		case by == "":
			t.Ignored = append(t.Ignored, l.ID+": no target, target-pattern or target-attribute with target-value")
			continue
		case !hasIndex(l):
			t.Ignored = append(t.Ignored, l.ID+": no index")
			continue
		case !indexOK || index < 1 || index >= maxLevels:
			t.Ignored = append(t.Ignored, l.ID+": index "+strconv.Quote(l.Attrs["index"])+" is not 1 to 9")
			continue
		}
		e := t.entries[key]
		if e == nil {
			e = &TopologyEntry{By: by, Key: key, Pattern: l.Attrs["target-pattern"],
				Attribute: l.Attrs["target-attribute"], Value: l.Attrs["target-value"]}
			t.entries[key] = e
			t.table.insert(key)
		}
		if devs, ok := l.Attrs["devices"]; ok {
			e.levels[index] = append(e.levels[index], strings.Split(devs, ",")...)
		}
	}
	return t
}

// levelKind is unpack_level_kind and stonith_level_key: the target by
// name if a target attribute is present (even empty), else by pattern,
// else by attribute when both target-attribute and target-value are.
func levelKind(l FencingLevel) (string, string) {
	if v, ok := l.Attrs["target"]; ok {
		return ByName, v
	}
	if v, ok := l.Attrs["target-pattern"]; ok {
		return ByPattern, v
	}
	name, okName := l.Attrs["target-attribute"]
	value, okValue := l.Attrs["target-value"]
	if okName && okValue {
		return ByAttribute, name + "=" + value
	}
	return "", ""
}

func hasIndex(l FencingLevel) bool {
	_, ok := l.Attrs["index"]
	return ok
}

// levelIndex is crm_element_value_int: leading white space and a sign
// allowed, trailing text ignored; absent reads as 0 with ok set.
func levelIndex(l FencingLevel) (int, bool) {
	v, ok := l.Attrs["index"]
	if !ok {
		return 0, true
	}
	s := strings.TrimLeft(v, cWhitespace)
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	n, digits := 0, 0
	for ; digits < len(s) && s[digits] >= '0' && s[digits] <= '9'; digits++ {
		n = min(n*10+int(s[digits]-'0'), 1<<31)
	}
	if digits == 0 || n >= 1<<31 {
		return -1, false
	}
	return sign * n, true
}

// remove is topology_remove_helper: index 0 drops the target's entry,
// 1 to 9 clears that level, anything else does nothing.
func (t *Topology) remove(key string, index int) {
	e := t.entries[key]
	switch {
	case e == nil || index < 0 || index >= maxLevels:
	case index == 0:
		delete(t.entries, key)
		t.table.remove(key)
	default:
		e.levels[index] = nil
	}
}

// Entries lists the entries in the fencer's table order.
func (t *Topology) Entries() []*TopologyEntry {
	var out []*TopologyEntry
	for _, k := range t.table.order() {
		out = append(out, t.entries[k])
	}
	return out
}

// For returns the entry whose levels the fencer uses for target, as
// find_topology_for_host picks it: the entry filed under exactly target
// (case-sensitively), else the first entry in table order that matches:
// a name equal to target ignoring case, a pattern (POSIX extended,
// unanchored) matching it, or an attribute exactly one of whose nvpairs
// the node carries (NodeHasAttr). nil means no topology, as does an entry
// without levels.
func (t *Topology) For(target string, nodes []Node) *TopologyEntry {
	if e := t.entries[target]; e != nil {
		return nonEmpty(e)
	}
	for _, k := range t.table.order() {
		if e := t.entries[k]; t.matches(e, target, nodes) {
			return nonEmpty(e)
		}
	}
	return nil
}

// matches is topology_matches: whether entry e targets the node.
func (t *Topology) matches(e *TopologyEntry, target string, nodes []Node) bool {
	switch e.By {
	case ByName:
		return strings.EqualFold(e.Key, target)
	case ByPattern:
		re, err := regexp.CompilePOSIX(e.Pattern)
		return err == nil && re.MatchString(target)
	case ByAttribute:
		return NodeHasAttr(nodes, target, e.Attribute, e.Value)
	}
	return false
}

func nonEmpty(e *TopologyEntry) *TopologyEntry {
	for _, devs := range e.levels {
		if devs != nil {
			return e
		}
	}
	return nil
}

// NodeHasAttr is the fencer's node_has_attr: the configured node(s) called
// exactly node carry exactly one instance attribute name=value, in any set
// (rules are not evaluated). A quote in any of the three never matches
// (the fencer's XPath query breaks).
func NodeHasAttr(nodes []Node, node, name, value string) bool {
	if strings.Contains(node+name+value, "'") {
		return false
	}
	matches := 0
	for _, n := range nodes {
		if n.Uname != node {
			continue
		}
		for _, p := range n.Pairs {
			if p.Name == name && p.Value == value {
				matches++
			}
		}
	}
	return matches == 1
}
