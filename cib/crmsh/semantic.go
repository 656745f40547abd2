package crmsh

import (
	"github.com/executioner-ha/executioner/cib"
)

// checkMember checks that a container may hold the resource r, as
// crmsh's _verify_child does: a group holds primitives only, other
// containers a primitive or a group, and no resource is in two
// containers.
func (l *loader) checkMember(o *Object, e, r *cib.Element) error {
	id, cid := attr(r, "id"), attr(e, "id")
	if p := r.Parent(); p != nil && p.Tag != "resources" && attr(p, "id") != cid {
		return objErrAt(o, id, cid, "child "+id+" already in "+attr(p, "id"))
	}
	kind := rscKinds[r.Tag]
	switch {
	case e.Tag == "group" && r.Tag != "primitive":
		return objErrAt(o, id, cid, "a group may contain only primitives; "+id+" is a "+kind)
	case r.Tag != "primitive" && r.Tag != "group":
		return objErrAt(o, id, cid, "a "+rscKinds[e.Tag]+" may contain a primitive or a group; "+id+" is a "+kind)
	}
	return nil
}

// checkConstraints checks that the constraints the load made refer to
// objects that exist, as crmsh's _verify_constraints does (any object but
// a node will do; the schema then wants a resource or a tag).
func (l *loader) checkConstraints() error {
	ids := map[string]bool{}
	for _, f := range listObjects(l.doc) {
		if f.kind != "node" {
			ids[f.id] = true
		}
	}
	for _, o := range l.made {
		if o.Elem == nil || consKinds[o.Elem.Tag] == "" {
			continue
		}
		for _, r := range referencedResources(o.Elem) {
			if !ids[r] {
				return objErrAt(o, r, o.ID(), "references a resource "+r+" which does not exist")
			}
		}
	}
	return nil
}

// referencedResources lists the resources a constraint names, as
// crmsh's referenced_resources does.
func referencedResources(c *cib.Element) []string {
	var l []string
	switch refs := c.FindElements("resource_set/resource_ref"); {
	case c.Tag == "rsc_location" && attr(c, "rsc") != "":
		l = []string{attr(c, "rsc")}
	case len(refs) > 0:
		for _, r := range refs {
			l = append(l, attr(r, "id"))
		}
	case c.Tag == "rsc_colocation":
		l = []string{attr(c, "rsc"), attr(c, "with-rsc")}
	case c.Tag == "rsc_order":
		l = []string{attr(c, "first"), attr(c, "then")}
	case c.Tag == "rsc_ticket":
		l = []string{attr(c, "rsc")}
	}
	var out []string
	for _, r := range l {
		if r != "" {
			out = append(out, r)
		}
	}
	return out
}

// checkSchema refuses a result that breaks the schema: cib's structural
// checks, then the schema validation given. The error is placed at the
// object the element belongs to, at the word that named what is wrong
// when the parser recorded one.
func checkSchema(doc *cib.Document, objs []*Object, schema func(*cib.Document) []cib.Finding) error {
	errs := doc.SchemaErrors()
	if len(errs) == 0 && schema != nil {
		errs = schema(doc)
	}
	if len(errs) == 0 {
		return nil
	}
	f := errs[0]
	o, top, ref := objectOf(objs, f.Elem)
	if o == nil {
		return &ObjectError{ID: f.ID, Msg: f.Message}
	}
	if ref == "" {
		ref = wordOf(f.Elem)
	}
	if _, ok := o.refs["@"+f.Attr]; ok && f.Attr != "" {
		ref = "@" + f.Attr
	}
	line, col := o.posOfElem(f.Elem, ref)
	return &ObjectError{File: o.File, Line: line, Col: col, ID: top, Msg: f.Message}
}

// objectOf finds the object an element of the result came from: the one
// whose element holds it, or the one with the id of the configuration
// object holding it. A resource at fault where a container holds it is
// the container's fault, at the word naming it (returned as ref).
func objectOf(objs []*Object, e *cib.Element) (o *Object, id, ref string) {
	for x := e; x != nil; x = x.Parent() {
		if o := objectByElem(objs, x); o != nil {
			return o, o.ID(), ref
		}
		xid := attr(x, "id")
		if xid == "" || (rscKinds[x.Tag] == "" && consKinds[x.Tag] == "" && otherKinds[x.Tag] == "") {
			continue
		}
		if p := x.Parent(); x == e && p != nil && rscKinds[p.Tag] != "" {
			ref = xid
			continue
		}
		for _, o := range objs {
			if o.ID() == xid {
				return o, xid, ref
			}
		}
		return nil, xid, ref
	}
	return nil, "", ""
}

func objectByElem(objs []*Object, x *cib.Element) *Object {
	for _, o := range objs {
		if o.Elem == x || (o.Elem != nil && o.Elem.SelectElement("meta_attributes") == x) {
			return o
		}
	}
	return nil
}

// wordOf names what the parser may have recorded the position of for an
// element at fault: the id it refers to, or the resource type.
func wordOf(e *cib.Element) string {
	if e == nil {
		return ""
	}
	for _, a := range []string{"id-ref", "template", "rsc", "with-rsc", "first", "then", "reference"} {
		if v := attr(e, a); v != "" {
			return v
		}
	}
	if e.Tag == "resource_ref" || e.Tag == "obj_ref" || e.Tag == "role" {
		return attr(e, "id")
	}
	if e.Tag == "primitive" || e.Tag == "template" {
		return "@type"
	}
	return ""
}
