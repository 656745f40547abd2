package crmsh

import (
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// idStore is the set of ids in use, as crmsh's idmgmt keeps it: ids
// added here over a read-only base set (shared by many stores).
type idStore struct {
	base map[string]bool
	m    map[string]bool
	// next is, per id newID wanted and found taken, the suffix to try
	// first the next time: ids are never released, so every suffix below
	// it is still taken and crmsh's search from 0 would pass them all.
	next map[string]int
}

func newIDStore(base map[string]bool) *idStore {
	return &idStore{base: base, m: map[string]bool{}, next: map[string]int{}}
}

func (s *idStore) has(id string) bool { return s.m[id] || s.base[id] }

func (s *idStore) add(id string) { s.m[id] = true }

// storeTree records every id at and below e.
func (s *idStore) storeTree(e *cib.Element) {
	if id := attr(e, "id"); id != "" {
		s.add(id)
	}
	for _, c := range e.ChildElements() {
		s.storeTree(c)
	}
}

var subPrefix = map[string]string{
	"instance_attributes": "instance_attributes",
	"meta_attributes":     "meta_attributes",
	"utilization":         "utilization",
	"operations":          "ops",
	"rule":                "rule",
	"expression":          "expression",
	"date_expression":     "expression",
	"duration":            "duration",
	"date_spec":           "date_spec",
	"read":                "read",
	"write":               "write",
	"deny":                "deny",
}

// newID makes a fresh id for e from the prefix.
func (s *idStore) newID(e *cib.Element, pfx string) string {
	if isDigits(pfx) && e.Tag != "node" {
		pfx = "num-" + pfx
	}
	var id string
	switch {
	case e.Tag == "nvpair":
		id = pfx + "-" + attr(e, "name")
	case e.Tag == "op" && attr(e, "interval") != "":
		id = pfx + "-" + attr(e, "name") + "-" + attr(e, "interval")
	case e.Tag == "op":
		id = pfx + "-" + attr(e, "name")
	case subPrefix[e.Tag] != "":
		id = pfx + "-" + subPrefix[e.Tag]
	default:
		id = pfx
	}
	if s.has(id) {
		// crmsh's _gen_free_id: ID-0, ID-1, ... until one is free. crmsh
		// 4.4.1 stops at ID-98 and then hands out ID again, so more than
		// 100 elements of one prefix (the levels of a fencing topology of
		// more than 50 nodes share "fencing") get a duplicate id, which the
		// schema refuses at its commit; here the search goes on, the same
		// ids as crmsh's up to ID-98. It resumes where the last search for
		// ID stopped, so n ids of one prefix cost O(n), not O(n²).
		base, i := id, s.next[id]
		for ; s.has(base + "-" + strconv.Itoa(i)); i++ {
		}
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.add(id)
	return id
}

// idFixer fills in missing ids of a new element, reusing the ids of
// matching children of the element it replaces.
type idFixer struct {
	ids  *idStore
	used map[*cib.Element]bool // old elements whose id was taken over
	// index holds, per old parent, tag and key set, its children by the
	// values of the keys, so a lookup does not scan every child: objects
	// such as the fencing topology have thousands.
	index map[bucketKey]map[string]*bucket
}

type bucketKey struct {
	parent *cib.Element
	tag    string
	withID bool
}

// bucket lists, in document order, the children with one set of key
// values; next skips those already used.
type bucket struct {
	elems []*cib.Element
	next  int
}

var idless = map[string]bool{"operations": true, "fencing-topology": true, "network": true, "docker": true,
	"rkt": true, "podman": true, "storage": true, "select": true, "select_attributes": true, "select_fencing": true,
	"select_nodes": true, "select_resources": true}
var refTags = map[string]bool{"resource_ref": true, "obj_ref": true, "crmsh-ref": true}

var hintMap = map[string]string{
	"node": "node", "primitive": "rsc", "template": "rsc", "master": "grp", "group": "grp",
	"clone": "grp", "rsc_location": "location", "fencing-topology": "fencing",
}

// fix assigns ids below the top element e; old is the element it replaces
// (nil for a new object).
func (f *idFixer) fix(e, old *cib.Element) {
	f.recurse(e, old, hintMap[e.Tag])
}

func (f *idFixer) recurse(e, old *cib.Element, pfx string) {
	ref := f.lookup(e, old)
	if !refTags[e.Tag] && !hasAttr(e, "id-ref") && !idless[e.Tag] {
		f.setID(e, ref, pfx)
	}
	if e.Tag == "node" && hasAttr(e, "uname") {
		pfx = attr(e, "uname")
	} else if id := attr(e, "id"); id != "" {
		pfx = id
	}
	next := old
	if ref != nil {
		next = ref
	}
	for _, c := range e.ChildElements() {
		f.recurse(c, next, pfx)
	}
}

func (f *idFixer) setID(e, ref *cib.Element, pfx string) {
	oldID := ""
	if ref != nil {
		oldID = attr(ref, "id")
	}
	id := attr(e, "id")
	if id == "" {
		id = oldID
	}
	if id == "" {
		id = attr(e, "uname")
	}
	if id != "" {
		f.ids.add(id)
	} else {
		id = f.ids.newID(e, pfx)
	}
	e.CreateAttr("id", id)
	if ref != nil && oldID == id {
		f.used[ref] = true
	}
}

var matchList = map[string][]string{
	"node":          {"uname"},
	"nvpair":        {"name"},
	"op":            {"name", "interval"},
	"rule":          {"score", "score-attribute", "role"},
	"expression":    {"attribute", "operation", "value"},
	"fencing-level": {"target", "devices"},
	"alert":         {"path"},
	"recipient":     {"value"},
}

// lookup finds the child of old that e corresponds to.
func (f *idFixer) lookup(e, old *cib.Element) *cib.Element {
	if old == nil {
		return nil
	}
	keys := matchList[e.Tag]
	id := attr(e, "id")
	if id != "" {
		keys = append(append([]string(nil), keys...), "id")
	}
	bk := bucketKey{parent: old, tag: e.Tag, withID: id != ""}
	if f.index == nil {
		f.index = map[bucketKey]map[string]*bucket{}
	}
	idx := f.index[bk]
	if idx == nil {
		idx = map[string]*bucket{}
		for _, c := range old.ChildElements() {
			if c.Tag != e.Tag {
				continue
			}
			k := keyValues(c, keys)
			if idx[k] == nil {
				idx[k] = &bucket{}
			}
			idx[k].elems = append(idx[k].elems, c)
		}
		f.index[bk] = idx
	}
	b := idx[keyValues(e, keys)]
	if b == nil {
		return nil
	}
	for b.next < len(b.elems) && f.used[b.elems[b.next]] {
		b.next++
	}
	for _, c := range b.elems[b.next:] {
		if !f.used[c] {
			return c
		}
	}
	return nil
}

// keyValues is which of keys e has and their values, as one string.
func keyValues(e *cib.Element, keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		if a := e.SelectAttr(k); a != nil {
			b.WriteByte(1)
			b.WriteString(a.Value)
		}
		b.WriteByte(0)
	}
	return b.String()
}
