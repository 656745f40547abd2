package crmsh

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

// Method is how Load merges text into a CIB, as crm configure load does.
type Method int

// The load methods.
const (
	Update  Method = iota // create new objects, replace those with the same id, merge property sets
	Replace               // erase every object but the nodes, then create
	Push                  // like Update, then delete every object the text does not mention
)

// ParseMethod reads update, replace or push.
func ParseMethod(s string) (Method, error) {
	switch s {
	case "update":
		return Update, nil
	case "replace":
		return Replace, nil
	case "push":
		return Push, nil
	}
	return 0, fmt.Errorf("unknown load method %q: want update, replace or push", s)
}

// ObjectError is a parsed object that could not be applied to the CIB:
// where it (or the word of it at fault) was written, and why.
type ObjectError struct {
	File string // the input's name
	Line int    // the line of the word at fault (0 when not known)
	Col  int    // its column (0 when not known)
	ID   string // the object's id
	Msg  string
}

func (e *ObjectError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.ID, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.ID, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.ID, e.Msg)
}

// objErr builds an ObjectError for o, placed at its first word.
func objErr(o *Object, id, msg string) *ObjectError {
	return objErrAt(o, "", id, msg)
}

// objErrAt builds an ObjectError for o, placed where o refers to ref.
func objErrAt(o *Object, ref, id, msg string) *ObjectError {
	if o == nil {
		return &ObjectError{ID: id, Msg: msg}
	}
	line, col := o.posOf(ref)
	return &ObjectError{File: o.File, Line: line, Col: col, ID: id, Msg: msg}
}

var reValidID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][\w._-]*$`) })

// xmlRank is crmsh's processing order of new objects by element.
var xmlRank = map[string]int{"node": 0, "template": 1, "primitive": 2, "bundle": 3, "group": 4,
	"master": 5, "clone": 6, "op": 7, "tag": 8, "rsc_location": 9, "rsc_colocation": 9, "rsc_order": 9,
	"rsc_ticket": 10, "fencing-topology": 10, "cluster_property_set": 11, "rsc_defaults": 12, "op_defaults": 13,
	"acl_role": 14, "acl_target": 15, "acl_group": 15, "acl_user": 15, "alert": 16}

// loader applies objects to one document.
type loader struct {
	doc   *cib.Document
	ids   *idStore
	nodes []string // node unames before the load, for fencing_topology without targets
	old   bool     // the schema predates OCF 1.1 role names
	acl1  bool     // the schema predates the pacemaker-2.0 ACLs
	warn  func(*ObjectError)
	made  []*Object // the objects created or updated, for the checks after the load
}

// LoadOptions control LoadWith.
type LoadOptions struct {
	Method Method
	// Schema, when set, checks the whole result as Pacemaker's schema
	// would; the first problem it reports refuses the load.
	Schema func(*cib.Document) []cib.Finding
	// Warn, when set, is told what crmsh reports but applies anyway: a
	// container member that names no resource is left out.
	Warn func(*ObjectError)
}

// Load applies parsed objects to doc the way "crm configure load" does.
// On error doc may be partly changed; callers work on a Clone.
func Load(doc *cib.Document, objs []*Object, m Method) error {
	return LoadWith(doc, objs, LoadOptions{Method: m})
}

// LoadWith is Load with options. Besides crmsh's syntax, it refuses what
// crmsh refuses once the objects are built (a constraint on a resource
// that does not exist, a container holding what it may not, an id used
// twice, a monitor for a missing primitive), what Pacemaker's schema
// refuses and cib's structural checks find (a group or clone without
// members), and, with opt.Schema, anything else the schema refuses. Each
// error names the file, line and column of the word at fault.
func LoadWith(doc *cib.Document, objs []*Object, opt LoadOptions) error {
	m := opt.Method
	l := &loader{doc: doc, ids: newIDStore(nil), nodes: nodeNames(doc), old: oldRoleSchema(doc), acl1: oldACLSchema(doc), warn: opt.Warn}
	if m == Replace {
		erase(doc)
	}
	l.ids.storeTree(configuration(doc))
	seen := map[string]bool{}
	var nodes, rest []*Object
	for _, o := range objs {
		if o.Kind == "op" {
			// crmsh names a monitor's op as it reads the line
			o.Elem.CreateAttr("id", l.ids.newID(o.Elem, attr(o.Elem, "rsc")))
			rest = append(rest, o)
			continue
		}
		id := o.ID()
		key := "r:" + id
		if o.Kind == "node" {
			key = "n:" + id
		}
		if seen[key] {
			return objErr(o, id, "duplicate object")
		}
		seen[key] = true
		if o.Kind != "node" && !reValidID().MatchString(id) {
			return objErr(o, id, "invalid id")
		}
		if o.Kind == "node" {
			nodes = append(nodes, o)
		} else {
			rest = append(rest, o)
		}
	}
	for _, group := range [][]*Object{nodes, rest} {
		if err := l.applyGroup(group, m == Push); err != nil {
			return err
		}
	}
	if err := checkResult(doc, objs); err != nil {
		return err
	}
	if err := l.checkConstraints(); err != nil {
		return err
	}
	return checkSchema(doc, objs, opt.Schema)
}

// applyGroup creates the new objects in processing order, then updates
// the existing ones, then (for push) deletes those not given.
func (l *loader) applyGroup(objs []*Object, remove bool) error {
	existing := map[string]found{}
	isNodes := len(objs) > 0 && objs[0].Kind == "node"
	var before []found
	for _, f := range listObjects(l.doc) {
		if (f.kind == "node") == isNodes {
			existing[f.id] = f
			before = append(before, f)
		}
	}
	var mk, upd []*Object
	for _, o := range objs {
		if _, ok := existing[o.ID()]; ok {
			upd = append(upd, o)
		} else {
			mk = append(mk, o)
		}
	}
	slices.SortStableFunc(mk, func(a, b *Object) int { return rankOf(a) - rankOf(b) })
	for _, o := range mk {
		if err := l.create(o); err != nil {
			return err
		}
	}
	for _, o := range upd {
		if err := l.update(o, existing[o.ID()]); err != nil {
			return err
		}
	}
	l.made = append(append(l.made, mk...), upd...)
	if remove {
		given := map[string]bool{}
		for _, o := range objs {
			given[o.ID()] = true
		}
		var gone []string
		for _, f := range before {
			if !given[f.id] {
				gone = append(gone, f.id)
			}
		}
		if len(gone) > 0 {
			return Delete(l.doc, gone...)
		}
	}
	return nil
}

func rankOf(o *Object) int {
	if o.Kind == "fencing_topology" {
		return xmlRank["fencing-topology"]
	}
	return xmlRank[o.Elem.Tag]
}

// element returns the object's element with comments in place, building
// the fencing levels and reading a role in the syntax of the CIB's schema.
func (l *loader) element(o *Object) (*cib.Element, error) {
	e := o.Elem
	switch {
	case o.Kind == "fencing_topology" && e == nil:
		e = buildLevels(o.levels, l.nodes)
	case o.reparse != nil && l.acl1:
		old, err := o.reread()
		if err != nil {
			return nil, err
		}
		e = old
	}
	target := e
	if o.Kind == "rsc_defaults" || o.Kind == "op_defaults" {
		target = e.SelectElement("meta_attributes")
	}
	for i := len(o.Comments) - 1; i >= 0; i-- {
		cib.InsertComment(target, 0, o.Comments[i])
	}
	if l.old {
		downgradeRoles(e)
	}
	return e, nil
}

// buildLevels gives each level its index per target.
func buildLevels(levels []level, nodes []string) *cib.Element {
	out := cib.NewElement("fencing-topology")
	if len(levels) > 0 && levels[0].kind == "" {
		var all []level
		for _, n := range nodes {
			for _, lv := range levels {
				all = append(all, level{kind: "node", name: n, devices: lv.devices})
			}
		}
		levels = all
	}
	next := map[string]int{}
	for _, lv := range levels {
		key := lv.name
		if lv.kind == "" {
			key = "@@"
		}
		next[key]++
		idx := strconv.Itoa(next[key])
		switch lv.kind {
		case "pattern":
			out.AddChild(newElem("fencing-level", "index", idx, "devices", lv.devices, "target-pattern", lv.name))
		case "attr":
			out.AddChild(newElem("fencing-level", "index", idx, "devices", lv.devices, "target-attribute", lv.name, "target-value", lv.value))
		case "node":
			out.AddChild(newElem("fencing-level", "target", lv.name, "index", idx, "devices", lv.devices))
		default:
			out.AddChild(newElem("fencing-level", "target", "@@", "index", idx, "devices", lv.devices))
		}
	}
	return out
}
