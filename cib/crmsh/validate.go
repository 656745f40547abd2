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
	l := &loader{doc: pr.doc, ids: newIDStore(pr.allIDs), nodes: pr.nodeNames, old: pr.oldRoles}
	e := l.element(o)
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
// children, and without attributes that only state the default.
func sanitized(doc *cib.Document) *cib.Document {
	c := doc.CloneConfiguration()
	sanitizeTree(c.Root())
	for _, f := range listObjects(c) {
		fixComments(f.elem)
	}
	return c
}

// fixComments moves an object's comments before its first child element
// and makes each start with "#", as crmsh does when it reads a CIB.
func fixComments(e *cib.Element) {
	cs := cib.Comments(e)
	if len(cs) == 0 {
		return
	}
	cib.RemoveComments(e)
	for i := len(cs) - 1; i >= 0; i-- {
		t := strings.TrimSpace(cs[i])
		if !strings.HasPrefix(t, "#") {
			t = "# " + t
		}
		cib.InsertComment(e, 0, t)
	}
}

var attrDefaults = map[string][][2]string{
	"node":         {{"type", "normal"}},
	"resource_set": {{"sequential", "true"}, {"require-all", "true"}},
	"rule":         {{"boolean-op", "and"}},
	"expression":   {{"type", "string"}},
}

func sanitizeTree(e *cib.Element) {
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
// as text: "xml" and the pretty-printed element, one line per element
// joined with continuations. Obscured values stay hidden.
func (pr *printer) rawXML(e *cib.Element) string {
	c := e.Copy()
	pr.obscureTree(c)
	var lines []string
	xmlLines(c, 0, &lines)
	return "xml " + strings.Join(lines, " \\\n")
}

func xmlLines(e *cib.Element, depth int, out *[]string) {
	ind := strings.Repeat("  ", depth)
	var b strings.Builder
	b.WriteString(ind + "<" + e.Tag)
	for _, a := range e.Attr {
		b.WriteString(" " + a.Key + "=\"" + attrEscaper.Replace(a.Value) + "\"")
	}
	cs, kids := cib.Comments(e), e.ChildElements()
	if len(cs) == 0 && len(kids) == 0 {
		*out = append(*out, b.String()+"/>")
		return
	}
	*out = append(*out, b.String()+">")
	for _, c := range cs {
		*out = append(*out, ind+"  <!--"+c+"-->")
	}
	for _, k := range kids {
		xmlLines(k, depth+1, out)
	}
	*out = append(*out, ind+"</"+e.Tag+">")
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
