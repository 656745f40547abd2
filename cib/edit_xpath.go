package cib

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// delete removes the first element below the scope matching e.Input, or one
// per child of Input when Input is the section's own element.
func (d *Document) delete(e Edit, ch *changes) error {
	root := d.Section(e.Scope)
	if root == nil {
		return nil
	}
	objs := []*etree.Element{e.Input}
	if IsScope(e.Scope) && strings.EqualFold(e.Input.Tag, e.Scope) {
		objs = e.Input.ChildElements()
	}
	for _, obj := range objs {
		replaceChild(root, obj, true, ch)
	}
	return nil
}

// Select returns the elements an xpath selects. Paths use the subset of
// XPath that etree implements: absolute and // steps, *, .., and filters
// on attributes, position, child elements and text.
func (d *Document) Select(xpath string) ([]*etree.Element, error) {
	p, err := compilePath(xpath)
	if err != nil {
		return nil, err
	}
	var out []*etree.Element
	seen := map[*etree.Element]bool{}
	for _, e := range d.tree.FindElementsPath(p) {
		if e == &d.tree.Element {
			e = d.Root() // "." and ".." can select the document itself: that is /cib
		}
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out, nil
}

func compilePath(xpath string) (p etree.Path, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: xpath %q: %v", ErrInvalidArgument, xpath, r)
		}
	}()
	p, err = etree.CompilePath(xpath)
	if err != nil {
		return p, fmt.Errorf("%w: xpath %q: %w", ErrInvalidArgument, xpath, err)
	}
	return p, nil
}

// Query returns what cibadmin --query would: the elements an xpath
// selects, else the scope's section (the whole <cib> for no or an unknown
// scope). Nothing selected is ErrNoSuchObject.
//
// A scope costs a look-up among the sections. An xpath of s steps costs
// O(s n) for a document of n elements when each step starts from elements
// none of which contains another (every path Pacemaker's tools use); a
// "//" step starting from nested elements visits an element once per
// such ancestor, O(s n d) for a document d deep.
func (d *Document) Query(scope, xpath string) ([]*etree.Element, error) {
	if xpath != "" {
		found, err := d.Select(xpath)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%w: xpath %s", ErrNoSuchObject, xpath)
		}
		return found, nil
	}
	s := d.Section(scope)
	if s == nil {
		return nil, fmt.Errorf("%w: section %s", ErrNoSuchObject, scope)
	}
	return []*etree.Element{s}, nil
}

// applyXPath performs an edit on the elements e.XPath selects, the way
// Pacemaker's cib_process_xpath does.
func (d *Document) applyXPath(e Edit, ch *changes) error {
	found, err := d.Select(e.XPath)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		if e.Op == Delete {
			return nil
		}
		return fmt.Errorf("%w: xpath %s", ErrNoSuchObject, e.XPath)
	}
	for _, m := range found {
		if m == d.Root() && (e.Op == Delete || e.Op == Replace) {
			return fmt.Errorf("%w: xpath %s addresses the whole /cib", ErrInvalidArgument, e.XPath)
		}
		switch e.Op {
		case Delete:
			ch.mark(m)
			m.Parent().RemoveChild(m)
		case Modify:
			if !updateChild(m, e.Input, ch) {
				return fmt.Errorf("%w: <%s id=%q> under %s", ErrNoSuchObject, e.Input.Tag, e.Input.SelectAttrValue("id", ""), e.XPath)
			}
		case Create:
			addCopy(m, e.Input, ch)
			return nil
		case Replace:
			parent := m.Parent()
			ch.mark(m)
			parent.RemoveChild(m)
			addCopy(parent, e.Input, ch)
		}
		if !e.All {
			return nil
		}
	}
	return nil
}
