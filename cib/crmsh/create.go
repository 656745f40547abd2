package crmsh

import (
	"github.com/executioner-ha/executioner/cib"
)

var parentSection = map[string]string{
	"node": "nodes", "primitive": "resources", "template": "resources", "group": "resources", "clone": "resources",
	"master": "resources", "bundle": "resources",
	"rsc_location": "constraints", "rsc_colocation": "constraints", "rsc_order": "constraints", "rsc_ticket": "constraints",
	"tag": "tags", "cluster_property_set": "crm_config",
	"acl_role": "acls", "acl_target": "acls", "acl_group": "acls", "acl_user": "acls", "alert": "alerts",
}

// create adds a new object.
func (l *loader) create(o *Object) error {
	e, err := l.element(o)
	if err != nil {
		return err
	}
	switch o.Kind {
	case "op":
		return l.addOp(o, e)
	case "property", "rsc_defaults", "op_defaults":
		return l.createSet(o, e)
	case "fencing_topology":
		f := &idFixer{ids: l.ids, used: map[*cib.Element]bool{}}
		f.fix(e, nil)
		configuration(l.doc).AddChild(e)
		return nil
	}
	f := &idFixer{ids: l.ids, used: map[*cib.Element]bool{}}
	f.fix(e, nil)
	l.resolveIDRefs(e)
	children, err := l.resolveRefs(o, e)
	if err != nil {
		return err
	}
	sec := section(l.doc, parentSection[e.Tag])
	for _, c := range children {
		if p := c.Parent(); p != nil {
			p.RemoveChild(c)
		}
	}
	sec.AddChild(e)
	return nil
}

// resolveRefs replaces the crmsh-ref placeholders of a container with
// copies of the resources they name and returns the originals. A
// container given as XML holds its resources already: they must exist
// as objects, and the copies in the container replace them.
func (l *loader) resolveRefs(o *Object, e *cib.Element) ([]*cib.Element, error) {
	var originals []*cib.Element
	refs := e.SelectElements("crmsh-ref")
	if o.raw && rscKinds[e.Tag] != "" {
		refs = containerChildren(e)
	}
	for _, ref := range refs {
		id := attr(ref, "id")
		orig := l.findResource(id)
		if orig == nil && ref.Tag == "crmsh-ref" {
			// crmsh reports the member and leaves it out
			e.RemoveChild(ref)
			if l.warn != nil {
				l.warn(objErrAt(o, id, attr(e, "id"), "refers to missing object "+id+": left out"))
			}
			continue
		}
		if orig == nil {
			return nil, objErrAt(o, id, attr(e, "id"), "refers to missing object "+id+": define it first")
		}
		if err := l.checkMember(o, e, orig); err != nil {
			return nil, err
		}
		if ref.Tag == "crmsh-ref" {
			e.InsertChildAt(ref.Index(), orig.Copy())
			e.RemoveChild(ref)
		}
		originals = append(originals, orig)
	}
	return originals, nil
}

// findResource finds a primitive, group or container by id anywhere in
// the resources section.
func (l *loader) findResource(id string) *cib.Element {
	for _, f := range listObjects(l.doc) {
		if f.id == id && rscKinds[f.elem.Tag] != "" {
			return f.elem
		}
	}
	return nil
}

// createSet creates or merges a property or defaults set.
func (l *loader) createSet(o *Object, e *cib.Element) error {
	set, secTag := e, "crm_config"
	dflt := "cib-bootstrap-options"
	if o.Kind != "property" {
		set, secTag = e.SelectElement("meta_attributes"), o.Kind
		dflt = map[string]string{"rsc_defaults": "rsc-options", "op_defaults": "op-options"}[o.Kind]
	}
	if !hasAttr(set, "id") {
		set.CreateAttr("id", dflt)
		l.ids.add(dflt)
	}
	sec := section(l.doc, secTag)
	f := &idFixer{ids: l.ids, used: map[*cib.Element]bool{}}
	f.recurse(set, nil, "")
	dst := cib.NewElement(set.Tag)
	dst.CreateAttr("id", attr(set, "id"))
	sec.AddChild(dst)
	copyNvpairs(dst, set)
	return nil
}

// copyNvpairs copies comments, nvpairs and rules from src into dst, as
// crmsh's copy_nvpairs does: a known nvpair name gets the new value.
func copyNvpairs(dst, src *cib.Element) {
	have := map[string]bool{}
	for _, c := range cib.Comments(dst) {
		have[c] = true
	}
	for _, c := range cib.Comments(src) {
		if !have[c] {
			cib.InsertComment(dst, len(dst.Child), c)
		}
	}
	for _, c := range src.ChildElements() {
		switch {
		case c.Tag == "nvpair":
			copyNvpair(dst, c)
		case hasAttr(c, "id"):
			if old := childByID(dst, attr(c, "id")); old != nil {
				dst.InsertChildAt(old.Index(), c.Copy())
				dst.RemoveChild(old)
			} else {
				dst.AddChild(c.Copy())
			}
		default:
			dst.AddChild(c.Copy())
		}
	}
}

func copyNvpair(dst, nv *cib.Element) {
	if !hasAttr(nv, "value") {
		dst.AddChild(nv.Copy())
		return
	}
	for _, d := range dst.SelectElements("nvpair") {
		if attr(d, "name") == attr(nv, "name") {
			d.CreateAttr("value", attr(nv, "value"))
			return
		}
	}
	dst.AddChild(nv.Copy())
}

func childByID(e *cib.Element, id string) *cib.Element {
	for _, c := range e.ChildElements() {
		if attr(c, "id") == id {
			return c
		}
	}
	return nil
}

// resolveIDRefs points id-ref attributes that name a whole object at the
// object's first element of the referring tag, as crmsh does.
func (l *loader) resolveIDRefs(e *cib.Element) {
	if r := attr(e, "id-ref"); r != "" && e.Tag != "nvpair" {
		for _, f := range listObjects(l.doc) {
			if f.id != r {
				continue
			}
			if d := findDescendant(f.elem, e.Tag); d != nil && attr(d, "id") != "" {
				e.CreateAttr("id-ref", attr(d, "id"))
			}
			break
		}
	}
	for _, c := range e.ChildElements() {
		l.resolveIDRefs(c)
	}
}

// findDescendant returns the first descendant of e with the tag, in
// document order.
func findDescendant(e *cib.Element, tag string) *cib.Element {
	for _, c := range e.ChildElements() {
		if c.Tag == tag {
			return c
		}
		if d := findDescendant(c, tag); d != nil {
			return d
		}
	}
	return nil
}
