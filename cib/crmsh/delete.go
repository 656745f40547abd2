package crmsh

import (
	"fmt"

	"github.com/executioner-ha/executioner/cib"
)

// NotFoundError is an id that names no configuration object.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return fmt.Sprintf("object %s does not exist", e.ID) }

// Delete removes objects by id. A resource takes with it the constraints
// that refer to it (a resource set only loses the reference, and goes when
// it becomes empty) and its references in tags. Deleting a container
// leaves its children at the top of the resources section.
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
	for _, f := range targets {
		if p := f.elem.Parent(); p != nil {
			if rscKinds[f.elem.Tag] != "" {
				res := section(doc, "resources")
				for _, c := range containerChildren(f.elem) {
					res.AddChild(c)
				}
			}
			p.RemoveChild(f.elem)
		}
		if rscKinds[f.elem.Tag] != "" {
			dropReferences(doc, f.id)
		}
	}
	return nil
}

func indexOf(objs []found, id string) int {
	for i, f := range objs {
		if f.id == id {
			return i
		}
	}
	return -1
}

// dropReferences removes the constraints and tag references that name
// resource id.
func dropReferences(doc *cib.Document, id string) {
	for _, f := range listObjects(doc) {
		switch f.kind {
		case "location", "colocation", "order", "rsc_ticket":
			if refersTo(f.elem, id) {
				f.elem.Parent().RemoveChild(f.elem)
			}
		case "tag":
			for _, r := range f.elem.SelectElements("obj_ref") {
				if attr(r, "id") == id {
					f.elem.RemoveChild(r)
				}
			}
			if len(f.elem.SelectElements("obj_ref")) == 0 {
				f.elem.Parent().RemoveChild(f.elem)
			}
		}
	}
}

// refersTo reports whether a constraint must go with resource id: it
// names it directly, or removing it from its sets leaves no set.
func refersTo(c *cib.Element, id string) bool {
	for _, k := range []string{"rsc", "with-rsc", "first", "then"} {
		if attr(c, k) == id {
			return true
		}
	}
	sets := c.SelectElements("resource_set")
	if len(sets) == 0 {
		return false
	}
	left := 0
	for _, s := range sets {
		for _, r := range s.SelectElements("resource_ref") {
			if attr(r, "id") == id {
				s.RemoveChild(r)
			}
		}
		if len(s.SelectElements("resource_ref")) == 0 {
			c.RemoveChild(s)
			continue
		}
		left++
	}
	return left == 0
}
