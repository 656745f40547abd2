package cib

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// create adds e.Input (or, when Input is the section's own element, each of
// its children) to the scope's section.
func (d *Document) create(e Edit, ch *changes) error {
	if !IsScope(e.Scope) || e.Input.Tag == "cib" {
		return d.modify(Edit{Op: Modify, Input: e.Input}, ch)
	}
	section := d.Section(e.Scope)
	if section == nil {
		return fmt.Errorf("%w: section %s is absent", ErrInvalidArgument, e.Scope)
	}
	objs := []*etree.Element{e.Input}
	if strings.EqualFold(e.Input.Tag, e.Scope) {
		objs = e.Input.ChildElements()
	}
	for _, obj := range objs {
		if existing := matchChild(section, obj.Tag, obj.SelectAttr("id")); existing != nil {
			return fmt.Errorf("%w: <%s id=%q>", ErrExists, obj.Tag, obj.SelectAttrValue("id", ""))
		}
		updateObject(section, obj, ch)
	}
	return nil
}

// matchChild finds the first child element of parent with tag and, when id
// is not nil, that id.
func matchChild(parent *etree.Element, tag string, id *etree.Attr) *etree.Element {
	for _, c := range parent.ChildElements() {
		if c.Tag != tag {
			continue
		}
		if id == nil || c.SelectAttrValue(id.Key, "\x00") == id.Value {
			return c
		}
	}
	return nil
}

// updateObject merges obj into parent's child of the same tag and id,
// creating it when absent (Pacemaker's update_cib_object). A change counts
// only where an attribute value changes.
func updateObject(parent, obj *etree.Element, ch *changes) {
	target := matchChild(parent, obj.Tag, obj.SelectAttr("id"))
	if target == nil {
		target = newChild(parent, obj.Tag)
	}
	if setAttrs(target, obj) {
		ch.mark(target)
	}
	for _, c := range obj.ChildElements() {
		updateObject(target, c, ch)
	}
}

// mergeObject is Pacemaker's add_xml_object: like updateObject but children
// are matched by id, else id-ref, else tag alone.
func mergeObject(parent, target, obj *etree.Element, ch *changes) {
	if target == nil {
		key := obj.SelectAttr("id")
		if key == nil {
			key = obj.SelectAttr("id-ref")
		}
		target = matchChild(parent, obj.Tag, key)
	}
	if target == nil {
		target = newChild(parent, obj.Tag)
	}
	if setAttrs(target, obj) {
		ch.mark(target)
	}
	for _, c := range obj.ChildElements() {
		mergeObject(target, nil, c, ch)
	}
}

func newChild(parent *etree.Element, tag string) *etree.Element {
	e := etree.NewElement(tag)
	placeChild(parent, e)
	return e
}

// setAttrs copies obj's attributes onto target, expanding "name++" and
// "name+=N", and reports whether any value changed.
func setAttrs(target, obj *etree.Element) bool {
	changed := false
	for _, a := range obj.Attr {
		v := expandPlusPlus(a.Key, a.Value, target.SelectAttrValue(a.Key, ""))
		if cur := target.SelectAttr(a.FullKey()); cur != nil && cur.Value == v {
			continue
		}
		target.CreateAttr(a.FullKey(), v)
		changed = true
	}
	return changed
}

// modify merges e.Input into the first element below the scope with the
// same tag and id (Pacemaker's update_xml_child).
func (d *Document) modify(e Edit, ch *changes) error {
	root := d.Root()
	if IsScope(e.Scope) && e.Input.Tag != "cib" {
		root = d.Section(e.Scope)
		if root == nil {
			root = d.ensureSection(e.Scope)
		}
	}
	if updateChild(root, e.Input, ch) {
		return nil
	}
	if !e.AllowCreate {
		return fmt.Errorf("%w: <%s id=%q>", ErrNoSuchObject, e.Input.Tag, e.Input.SelectAttrValue("id", ""))
	}
	addCopy(root, e.Input, ch)
	return nil
}

// ensureSection creates an absent section under its parent.
func (d *Document) ensureSection(scope string) *etree.Element {
	parent := d.Root()
	if p := scopeParent[scope]; p != "" {
		if parent = d.Root().SelectElement(p); parent == nil {
			parent = d.Root().CreateElement(p)
		}
	}
	return parent.CreateElement(scope)
}

// updateChild merges update into the first element in pre-order from e
// (e included) whose tag and id equal update's.
func updateChild(e, update *etree.Element, ch *changes) bool {
	if e.Tag == update.Tag && optAttr(e, "id") == optAttr(update, "id") {
		mergeObject(nil, e, update, ch)
		return true
	}
	for _, c := range e.ChildElements() {
		if updateChild(c, update, ch) {
			return true
		}
	}
	return false
}

// optAttr returns an attribute's value, or "\x00" when it is absent, so that
// two absent attributes compare equal and differ from any value.
func optAttr(e *etree.Element, key string) string {
	return e.SelectAttrValue(key, "\x00")
}

// addCopy appends a copy of obj to parent. Pacemaker counts such additions
// as a change outside the configuration wherever they land.
func addCopy(parent, obj *etree.Element, ch *changes) {
	placeChild(parent, obj.Copy())
	ch.other = true
}
