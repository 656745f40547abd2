package crmsh

import (
	"slices"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// ShowXML prints the configuration as "crm configure show xml" does: a new
// <cib> with the root's attributes, the sections the schema requires
// (crm_config, nodes, resources, constraints), and the objects (with
// opt.IDs only those, containers whole) in crmsh's processing order,
// pretty-printed as libxml2 prints them: an element holding text (the
// white space after a comment) is printed as it is. Values of obscured
// nvpairs are replaced by ******.
func ShowXML(doc *cib.Document, opt ShowOptions) (string, error) {
	pr := &printer{obscure: opt.Obscure}
	if pr.obscure == nil {
		pr.obscure = []string{"passw*"}
	}
	c := sanitized(doc, opt.InPlace)
	objs := processingOrder(c)
	if len(opt.IDs) > 0 {
		var sel []found
		for _, id := range opt.IDs {
			i := indexOf(objs, id)
			if i < 0 {
				return "", &NotFoundError{id}
			}
			sel = append(sel, objs[i])
		}
		objs = sel
	}
	root := cib.NewElement("cib")
	for _, a := range c.Root().Attr {
		root.CreateAttr(a.Key, a.Value)
	}
	conf := root.CreateElement("configuration")
	for _, s := range []string{"crm_config", "nodes", "resources", "constraints"} {
		conf.CreateElement(s)
	}
	seen := map[*cib.Element]bool{}
	for _, f := range objs {
		top := topParent(f.elem)
		if seen[top] {
			continue
		}
		seen[top] = true
		sec := conf
		if p := top.Parent(); p != nil && p.Tag != "configuration" {
			if sec = conf.SelectElement(p.Tag); sec == nil {
				sec = conf.CreateElement(p.Tag)
			}
		}
		sec.AddChild(top.Copy())
	}
	pr.obscureTree(root)
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" ?>\n")
	dumpXML(&b, root, 0, true)
	b.WriteString("\n\n")
	return b.String(), nil
}

// processingOrder lists the objects as crmsh holds them: every object of
// the configuration in document order (those inside containers after
// their container), sorted stably by crmsh's processing order.
func processingOrder(doc *cib.Document) []found {
	objs := listObjects(doc)
	slices.SortStableFunc(objs, func(a, b found) int { return xmlOrder(a) - xmlOrder(b) })
	return objs
}

func xmlOrder(f found) int {
	tag := f.elem.Tag
	if f.kind == "rsc_defaults" || f.kind == "op_defaults" {
		tag = f.kind
	}
	if r, ok := xmlRank[tag]; ok {
		return r
	}
	return 1000
}

// topParent climbs from a resource to the outermost container holding it.
func topParent(e *cib.Element) *cib.Element {
	for {
		p := e.Parent()
		if p == nil || rscKinds[p.Tag] == "" {
			return e
		}
		e = p
	}
}

// obscureTree hides obscured values.
func (pr *printer) obscureTree(e *cib.Element) {
	if e.Tag == "nvpair" && e.SelectAttr("value") != nil && pr.obscured(attr(e, "name")) {
		e.CreateAttr("value", "******")
	}
	for _, c := range e.ChildElements() {
		pr.obscureTree(c)
	}
}

// dumpXML writes e as libxml2 does with formatting on: each child on a
// line of its own, indented two spaces a level, unless the element has a
// text child, which turns formatting off for everything inside it.
func dumpXML(b *strings.Builder, e *cib.Element, level int, format bool) {
	if format {
		for _, t := range e.Child {
			if _, ok := t.(*cib.CharData); ok {
				format = false
				break
			}
		}
	}
	b.WriteString("<" + e.Tag)
	for _, a := range e.Attr {
		b.WriteString(" " + a.Key + "=\"" + escapeXML(a.Value, true) + "\"")
	}
	if len(e.Child) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteString(">")
	if format {
		b.WriteString("\n")
	}
	for _, t := range e.Child {
		switch t := t.(type) {
		case *cib.Element:
			indent(b, level+1, format)
			dumpXML(b, t, level+1, format)
		case *cib.Comment:
			indent(b, level+1, format)
			b.WriteString("<!--" + t.Data + "-->")
		case *cib.CharData:
			b.WriteString(escapeXML(t.Data, false))
		default:
			continue
		}
		if format {
			b.WriteString("\n")
		}
	}
	indent(b, level, format)
	b.WriteString("</" + e.Tag + ">")
}

func indent(b *strings.Builder, level int, format bool) {
	if format {
		b.WriteString(strings.Repeat("  ", level))
	}
}

// escapeXML escapes text or an attribute value as libxml2 does when it
// writes ASCII: markup characters, in attributes also quotes and line
// breaks, anything beyond ASCII as a character reference.
func escapeXML(s string, inAttr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case inAttr && r == '"':
			b.WriteString("&quot;")
		case inAttr && r == '\n':
			b.WriteString("&#10;")
		case inAttr && r == '\r':
			b.WriteString("&#13;")
		case inAttr && r == '\t':
			b.WriteString("&#9;")
		case r >= 0x80:
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
