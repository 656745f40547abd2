package crmsh

import (
	"fmt"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// NotFoundError is an id that names no configuration object.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return fmt.Sprintf("object %s does not exist", e.ID) }

// Delete removes objects by id, as crm configure delete does. A container
// leaves its children at the top of the resources section, and its
// constraints pass to its first child; a resource that is the only child
// of its container takes the container with it. Constraints lose their
// references to a deleted resource (a resource set reduced to two
// resources becomes a simple constraint) and go when nothing sensible is
// left; tags lose their references and go when empty.
func Delete(doc *cib.Document, ids ...string) error {
	objs := listObjects(doc)
	var targets []found
	for _, id := range ids {
		i := indexOf(objs, id)
		if i < 0 {
			return &NotFoundError{id}
		}
		targets = append(targets, objs[i])
	}
	slices.SortStableFunc(targets, func(a, b found) int {
		if d := cliRank[a.kind] - cliRank[b.kind]; d != 0 {
			return d
		}
		return strings.Compare(a.id, b.id)
	})
	for i := len(targets) - 1; i >= 0; i-- {
		deleteOne(doc, targets[i].elem)
	}
	return nil
}

// deleteOne removes an object, and first its parent when it is the only child.
func deleteOne(doc *cib.Document, e *cib.Element) {
	p := e.Parent()
	if p == nil {
		return
	}
	if rscKinds[p.Tag] != "" && len(containerChildren(p)) == 1 {
		deleteOne(doc, p)
	}
	if e.Parent() != nil {
		removeObject(doc, e)
	}
}

func removeObject(doc *cib.Document, e *cib.Element) {
	id := attr(e, "id")
	children := containerChildren(e)
	res := section(doc, "resources")
	for _, c := range children {
		e.RemoveChild(c)
		res.AddChild(c)
	}
	e.Parent().RemoveChild(e)
	for _, f := range listObjects(doc) {
		if f.kind == "tag" {
			for _, r := range f.elem.SelectElements("obj_ref") {
				if attr(r, "id") == id {
					f.elem.RemoveChild(r)
				}
			}
			if len(f.elem.SelectElements("obj_ref")) == 0 {
				removeObject(doc, f.elem)
			}
		}
	}
	if rscKinds[e.Tag] == "" {
		return
	}
	for _, f := range listObjects(doc) {
		if consKinds[f.elem.Tag] == "" || !refersTo(f.elem, id) {
			continue
		}
		c := f.elem
		if len(c.FindElements("resource_set/resource_ref")) == 0 && len(children) > 0 {
			c = renameRef(doc, c, id, attr(children[0], "id"))
		}
		c = deleteRef(doc, c, id)
		if silly(c, id) {
			c.Parent().RemoveChild(c)
		}
	}
}

var rscRefAttrs = []string{"rsc", "with-rsc", "first", "then"}

// refersTo reports whether a constraint names resource id.
func refersTo(c *cib.Element, id string) bool {
	for _, k := range rscRefAttrs {
		if attr(c, k) == id {
			return true
		}
	}
	for _, r := range c.FindElements("resource_set/resource_ref") {
		if attr(r, "id") == id {
			return true
		}
	}
	return false
}

// renameRef points a constraint's references to old at new.
func renameRef(doc *cib.Document, c *cib.Element, old, new string) *cib.Element {
	changed := false
	for _, k := range rscRefAttrs {
		if attr(c, k) == old {
			c.CreateAttr(k, new)
			changed = true
		}
	}
	if changed {
		return c
	}
	count := map[string]int{}
	var refs []*cib.Element
	for _, r := range c.FindElements("resource_set/resource_ref") {
		if attr(r, "id") == old {
			r.CreateAttr("id", new)
		}
		count[attr(r, "id")]++
		refs = append(refs, r)
	}
	total := 0
	for _, r := range refs {
		if count[attr(r, "id")] > 1 {
			count[attr(r, "id")]--
			r.Parent().RemoveChild(r)
			continue
		}
		total++
	}
	if total == 2 {
		return rsetConvert(doc, c)
	}
	return c
}

// deleteRef removes a constraint's references to id.
func deleteRef(doc *cib.Document, c *cib.Element, id string) *cib.Element {
	changed := false
	for _, k := range rscRefAttrs {
		if attr(c, k) == id {
			c.RemoveAttr(k)
			changed = true
		}
	}
	if changed {
		return c
	}
	for _, r := range c.FindElements("resource_set/resource_ref") {
		if attr(r, "id") == id {
			r.Parent().RemoveChild(r)
		}
	}
	cnt, nonseq := 0, false
	for _, s := range c.SelectElements("resource_set") {
		n := len(s.SelectElements("resource_ref"))
		if n == 0 {
			c.RemoveChild(s)
		} else if boolMaybe(s, "sequential") < 0 && n > 1 {
			nonseq = true
		}
		cnt += n
	}
	if !nonseq && cnt == 2 {
		return rsetConvert(doc, c)
	}
	return c
}

// rsetConvert turns a constraint whose sets hold two resources into the
// simple form, through its crm text, as crmsh does.
func rsetConvert(doc *cib.Document, c *cib.Element) *cib.Element {
	sets := c.SelectElements("resource_set")
	for _, s := range sets {
		s.RemoveAttr("sequential")
	}
	kind := consKinds[c.Tag]
	pr := &printer{doc: doc}
	text := strings.Replace(pr.head(found{kind, attr(c, "id"), c}), "_rsc_set_ ", "", 1)
	o, err := ParseLine(strings.Fields(text))
	if err != nil {
		return c
	}
	e := o.Elem
	f := &idFixer{ids: newIDStore(nil), used: map[*cib.Element]bool{}}
	f.ids.storeTree(configuration(doc))
	f.fix(e, c)
	replaceElem(c, e)
	if len(sets) == 1 && kind == "colocation" {
		rsc, with := e.SelectAttr("rsc"), e.SelectAttr("with-rsc")
		if with != nil {
			e.CreateAttr("rsc", with.Value)
		}
		if rsc != nil {
			e.CreateAttr("with-rsc", rsc.Value)
		}
	}
	return e
}

// silly reports a constraint left with too few references to mean
// anything.
func silly(c *cib.Element, id string) bool {
	loc := c.Tag == "rsc_location" || c.Tag == "rsc_ticket"
	if refs := c.FindElements("resource_set/resource_ref"); len(refs) > 0 {
		if loc {
			return len(refs) < 1
		}
		return len(refs) <= 1
	}
	cnt, self := 0, 0
	for _, k := range rscRefAttrs {
		if a := c.SelectAttr(k); a != nil {
			cnt++
			if a.Value == id {
				self++
			}
		}
	}
	if loc {
		return cnt < 1
	}
	return self == 2 || cnt < 2
}
