package crmsh

import (
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// readsBack reports whether an object's crm text parses back into the
// element it came from, as crmsh's cli_use_validate checks before it
// shows an object as text; objects that do not are shown as raw XML.
func (pr *printer) readsBack(f found) bool {
	clear := *pr
	clear.obscure = nil
	text := clear.render(f, false)
	objs, err := Parse([]byte(text), "")
	if err != nil || len(objs) != 1 {
		return false
	}
	o := objs[0]
	l := &loader{doc: pr.doc, ids: newIDStore(pr.allIDs), nodes: pr.nodeNames, old: pr.oldRoles, acl1: pr.acl1}
	e, err := l.element(o)
	if err != nil {
		return false
	}
	old := f.elem
	if f.kind == "property" || f.kind == "rsc_defaults" || f.kind == "op_defaults" {
		old = f.elem.Parent()
		if f.kind != "property" {
			e = e.SelectElement("meta_attributes")
		}
		if e != nil && !hasAttr(e, "id") {
			e.CreateAttr("id", map[string]string{"property": "cib-bootstrap-options", "rsc_defaults": "rsc-options", "op_defaults": "op-options"}[f.kind])
		}
	}
	if e == nil {
		return false
	}
	fx := &idFixer{ids: l.ids, used: map[*cib.Element]bool{}}
	fx.fix(e, old)
	l.resolveIDRefs(e)
	for _, ref := range e.SelectElements("crmsh-ref") {
		r := l.findResource(attr(ref, "id"))
		if r == nil {
			return false
		}
		e.InsertChildAt(ref.Index(), r.Copy())
		e.RemoveChild(ref)
	}
	return xmlEqual(f.elem, e)
}

// sanitized returns a copy of doc the way crmsh holds a CIB it read:
// without status, with the resources of a container after its other
// children, without attributes that only state the default, and without
// text except the white space after comments (crmsh's remove_text keeps
// a comment's tail), each object's comments moved the way crmsh moves
// them and starting with "#". With inPlace, doc itself is changed so.
func sanitized(doc *cib.Document, inPlace bool) *cib.Document {
	c := doc
	if !inPlace {
		c = doc.CloneConfiguration()
	} else if st := doc.Root().SelectElement("status"); st != nil {
		doc.Root().RemoveChild(st)
	}
	sanitizeTree(c.Root())
	for _, f := range listObjects(c) {
		moveComments(f.elem)
		fixComments(f.elem)
	}
	return c
}

// moveComments moves comments towards the top of an object as crmsh's
// move_comments does, faithfully to its quirk: the position comments go
// to is that of the first child element not at position 0 (counting
// elements and comments), and only comments after it move. A comment
// takes the white space after it along.
func moveComments(e *cib.Element) {
	var kids []cib.Token // elements and comments, each followed by its tail text
	tails := map[cib.Token][]cib.Token{}
	var last cib.Token
	for _, t := range e.Child {
		switch t.(type) {
		case *cib.Element, *cib.Comment:
			kids = append(kids, t)
			last = t
		default:
			if last != nil {
				tails[last] = append(tails[last], t)
			}
		}
	}
	first := -1
	var moved []cib.Token
	for i, t := range kids {
		if _, ok := t.(*cib.Comment); ok {
			if first > 0 {
				moved = append(moved, t)
			}
		} else if first <= 0 {
			first = i
		}
	}
	if len(moved) == 0 {
		return
	}
	order := append(append(slices.Clone(kids[:first]), moved...), kidsWithout(kids[first:], moved)...)
	var lead []cib.Token
	for _, t := range e.Child {
		if _, ok := t.(*cib.CharData); !ok {
			break
		}
		lead = append(lead, t)
	}
	for len(e.Child) > 0 {
		e.RemoveChildAt(0)
	}
	for _, t := range lead {
		e.AddChild(t)
	}
	for _, t := range order {
		e.AddChild(t)
		for _, x := range tails[t] {
			e.AddChild(x)
		}
	}
}

func kidsWithout(kids, drop []cib.Token) []cib.Token {
	var out []cib.Token
	for _, t := range kids {
		if !slices.Contains(drop, t) {
			out = append(out, t)
		}
	}
	return out
}

// fixComments makes each comment of an object start with "#", as crmsh
// does when it reads a CIB.
func fixComments(e *cib.Element) {
	for _, t := range e.Child {
		if c, ok := t.(*cib.Comment); ok {
			txt := strings.TrimSpace(c.Data)
			if !strings.HasPrefix(txt, "#") {
				txt = "# " + txt
			}
			c.Data = txt
		}
	}
}

var attrDefaults = map[string][][2]string{
	"node":         {{"type", "normal"}},
	"resource_set": {{"sequential", "true"}, {"require-all", "true"}},
	"rule":         {{"boolean-op", "and"}},
	"expression":   {{"type", "string"}},
}

func sanitizeTree(e *cib.Element) {
	removeText(e)
	if rscKinds[e.Tag] != "" && e.Tag != "primitive" && e.Tag != "template" {
		for _, c := range e.ChildElements() {
			if c.Tag == "primitive" || c.Tag == "group" {
				e.RemoveChild(c)
				e.AddChild(c)
			}
		}
	}
	for _, d := range attrDefaults[e.Tag] {
		if a := e.SelectAttr(d[0]); a != nil && a.Value == d[1] {
			e.RemoveAttr(d[0])
		}
	}
	for _, c := range e.ChildElements() {
		sanitizeTree(c)
	}
}

// removeText drops e's text children but those right after a comment,
// in one pass over the children (removing them one at a time renumbers
// the rest each time: quadratic in a section of 100,000 elements).
func removeText(e *cib.Element) {
	kept := e.Child[:0]
	var prev cib.Token // e.Child[i-1], which kept may overwrite
	for _, t := range e.Child {
		_, text := t.(*cib.CharData)
		_, afterComment := prev.(*cib.Comment)
		prev = t
		if text && !afterComment {
			continue
		}
		kept = append(kept, t)
	}
	if len(kept) == len(e.Child) {
		return
	}
	clear(e.Child[len(kept):])
	e.Child = kept
	e.ReindexChildren()
}

// node is an element or comment for xmlEqual's comparison.
type node struct {
	key  string
	elem *cib.Element
}

// xmlEqual compares like crmsh's xml_equals: same tag and attributes
// (in any order), same children in any order (sorted by tag and
// attributes, primitives keeping their order), resource sets in order.
func xmlEqual(a, b *cib.Element) bool {
	if a.Tag != b.Tag || len(a.Attr) != len(b.Attr) {
		return false
	}
	for _, x := range a.Attr {
		if b.SelectAttrValue(x.Key, "\x00") != x.Value {
			return false
		}
	}
	ca, cb := children(a), children(b)
	if len(ca) != len(cb) {
		return false
	}
	if a.Tag != "resource_set" {
		sortNodes(ca)
		sortNodes(cb)
	}
	for i := range ca {
		if ca[i].key != cb[i].key && (ca[i].elem == nil || cb[i].elem == nil) {
			return false
		}
		if ca[i].elem != nil && (cb[i].elem == nil || !xmlEqual(ca[i].elem, cb[i].elem)) {
			return false
		}
	}
	return true
}

func children(e *cib.Element) []node {
	var out []node
	for _, c := range cib.Comments(e) {
		out = append(out, node{key: c})
	}
	for _, c := range e.ChildElements() {
		k := c.Tag
		if c.Tag != "primitive" {
			var parts []string
			for _, a := range c.Attr {
				parts = append(parts, a.Key, a.Value)
			}
			slices.Sort(parts)
			k += strings.Join(parts, "")
		}
		out = append(out, node{key: k, elem: c})
	}
	return out
}

func sortNodes(n []node) {
	slices.SortStableFunc(n, func(a, b node) int { return strings.Compare(a.key, b.key) })
}

// rawXML renders an element the way crmsh shows objects it cannot express
// as text: "xml" and the element as libxml2 pretty-prints it, one line per
// line of that, joined with continuations. Obscured values stay hidden
// (crmsh shows them in clear here).
func (pr *printer) rawXML(e *cib.Element) string {
	c := e.Copy()
	pr.obscureTree(c)
	var b strings.Builder
	dumpXML(&b, c, 0, true)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return "xml " + strings.Join(lines, " \\\n")
}
