package crmsh

import (
	"github.com/executioner-ha/executioner/cib"
)

// update replaces (or for property sets merges) an existing object.
func (l *loader) update(o *Object, old found) error {
	e, err := l.element(o)
	if err != nil {
		return err
	}
	f := &idFixer{ids: l.ids, used: map[*cib.Element]bool{}}
	switch o.Kind {
	case "property", "rsc_defaults", "op_defaults":
		set := e
		if o.Kind != "property" {
			set = e.SelectElement("meta_attributes")
		}
		if !hasAttr(set, "id") {
			set.CreateAttr("id", old.id)
		}
		f.fix(set, old.elem.Parent())
		mergeAttributes(old.elem, set)
		return nil
	case "fencing_topology":
		f.fix(e, old.elem)
		replaceElem(old.elem, e)
		return nil
	}
	f.fix(e, old.elem)
	l.resolveIDRefs(e)
	children, err := l.resolveRefs(o, e)
	if err != nil {
		return err
	}
	if equalElem(old.elem, e) {
		return nil
	}
	l.replaceContainer(old.elem, e, children)
	return nil
}

// replaceContainer puts e in old's place: the resources e now holds leave
// where they were, and those old held but e does not go to the top of
// the resources section.
func (l *loader) replaceContainer(old, e *cib.Element, children []*cib.Element) {
	oldChildren := containerChildren(old)
	replaceElem(old, e)
	l.ids.storeTree(e)
	for _, c := range children {
		if p := c.Parent(); p != nil && c != old {
			p.RemoveChild(c)
		}
	}
	kept := map[string]bool{}
	for _, c := range containerChildren(e) {
		kept[attr(c, "id")] = true
	}
	for _, c := range oldChildren {
		if !kept[attr(c, "id")] {
			section(l.doc, "resources").AddChild(c)
		}
	}
}

// containerChildren lists the resources directly inside a container.
func containerChildren(e *cib.Element) []*cib.Element {
	var out []*cib.Element
	for _, c := range e.ChildElements() {
		if rscKinds[c.Tag] != "" {
			out = append(out, c)
		}
	}
	return out
}

func replaceElem(old, e *cib.Element) {
	p := old.Parent()
	p.InsertChildAt(old.Index(), e)
	p.RemoveChild(old)
}

// mergeAttributes merges the nvpairs of src into dst: a known name gets
// the new attribute values, a new one is appended.
func mergeAttributes(dst, src *cib.Element) {
	var add []*cib.Element
	for _, s := range src.SelectElements("nvpair") {
		var d *cib.Element
		for _, c := range dst.SelectElements("nvpair") {
			if attr(c, "name") == attr(s, "name") {
				d = c
				break
			}
		}
		if d == nil {
			add = append(add, s)
			continue
		}
		for _, a := range s.Attr {
			if a.Key != "id" && d.SelectAttrValue(a.Key, "\x00") != a.Value {
				d.CreateAttr(a.Key, a.Value)
			}
		}
	}
	for _, s := range add {
		dst.AddChild(s.Copy())
	}
}

// equalElem compares two elements: tags, attributes in any order,
// comments and child elements in order.
func equalElem(a, b *cib.Element) bool {
	if a.Tag != b.Tag || len(a.Attr) != len(b.Attr) {
		return false
	}
	for _, x := range a.Attr {
		if b.SelectAttrValue(x.Key, "\x00") != x.Value {
			return false
		}
	}
	ca, cb := a.ChildElements(), b.ChildElements()
	if len(ca) != len(cb) || !slicesEqual(cib.Comments(a), cib.Comments(b)) {
		return false
	}
	for i := range ca {
		if !equalElem(ca[i], cb[i]) {
			return false
		}
	}
	return true
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// erase removes every object but the nodes, as crmsh's erase does before
// load replace.
func erase(doc *cib.Document) {
	conf := configuration(doc)
	for _, sec := range conf.ChildElements() {
		switch sec.Tag {
		case "fencing-topology":
			conf.RemoveChild(sec)
		case "crm_config", "resources", "constraints", "rsc_defaults", "op_defaults", "tags":
			for _, c := range sec.ChildElements() {
				sec.RemoveChild(c)
			}
		}
	}
}

// SameConfiguration reports whether two CIBs hold the same configuration:
// the same elements, attributes and comments, white space aside.
func SameConfiguration(a, b *cib.Document) bool {
	ca, cb := a.Root().SelectElement("configuration"), b.Root().SelectElement("configuration")
	if ca == nil || cb == nil {
		return ca == cb
	}
	return equalElem(ca, cb) && sameAttrOrder(ca, cb)
}

// sameAttrOrder compares attribute order, which equalElem ignores.
func sameAttrOrder(a, b *cib.Element) bool {
	for i := range a.Attr {
		if a.Attr[i].Key != b.Attr[i].Key {
			return false
		}
	}
	ca, cb := a.ChildElements(), b.ChildElements()
	for i := range ca {
		if !sameAttrOrder(ca[i], cb[i]) {
			return false
		}
	}
	return true
}
