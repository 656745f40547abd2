package cib

import (
	"bufio"
	"strings"

	"github.com/beevik/etree"
)

var writeSettings = etree.WriteSettings{}

// writeToken writes t, reusing its source text where t did not change.
func (d *Document) writeToken(w *bufio.Writer, t etree.Token) {
	s := d.src.get(t)
	switch t := t.(type) {
	case *etree.Element:
		d.writeElement(w, t, s)
		return
	case *etree.CharData:
		if s != nil && t.Data == s.data && t.IsCData() == strings.HasPrefix(s.text, "<![CDATA[") {
			w.WriteString(s.text)
			return
		}
	case *etree.Comment:
		if s != nil && t.Data == s.data {
			w.WriteString(s.text)
			return
		}
	case *etree.Directive:
		if s != nil && t.Data == s.data {
			w.WriteString(s.text)
			return
		}
	case *etree.ProcInst:
		if s != nil && t.Target+" "+t.Inst == s.data {
			w.WriteString(s.text)
			return
		}
	}
	t.WriteTo(w, &writeSettings)
}

func (d *Document) writeElement(w *bufio.Writer, e *etree.Element, s *source) {
	same := s != nil && s.tag == e.FullTag() && attrsEqual(e.Attr, parsedAttrs(s.text))
	switch {
	case same && s.empty && len(e.Child) == 0:
		w.WriteString(s.text)
		return
	case same && s.empty:
		w.WriteString(strings.TrimSuffix(s.text, "/>"))
		w.WriteByte('>')
	case same:
		w.WriteString(s.text)
	default:
		w.WriteByte('<')
		w.WriteString(e.FullTag())
		for i := range e.Attr {
			writeAttr(w, &e.Attr[i])
		}
		if len(e.Child) == 0 {
			w.WriteString("/>")
			return
		}
		w.WriteByte('>')
	}
	for _, c := range e.Child {
		d.writeToken(w, c)
	}
	if same && !s.empty {
		w.WriteString(s.end)
		return
	}
	w.WriteString("</")
	w.WriteString(e.FullTag())
	w.WriteByte('>')
}

// parsedAttrs reads the attributes back from the text of a start tag that
// parsed (the source keeps the text rather than a copy of the attributes).
func parsedAttrs(tag string) []etree.Attr {
	p := &parser{s: tag, pos: 1, line: 1}
	if _, err := p.name(""); err != nil {
		return nil
	}
	if err := p.attributes(""); err != nil {
		return nil
	}
	return p.attrs
}

func attrsEqual(a, b []etree.Attr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Space != b[i].Space || a[i].Key != b[i].Key || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}

// attrEscaper escapes an attribute value so that a parser reads back exactly
// the same value: whitespace other than a space is written as a character
// reference, since parsers normalise it to spaces.
var attrEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;",
	"\n", "&#10;", "\r", "&#13;", "\t", "&#9;",
)

func writeAttr(w *bufio.Writer, a *etree.Attr) {
	w.WriteByte(' ')
	w.WriteString(a.FullKey())
	w.WriteString(`="`)
	attrEscaper.WriteString(w, a.Value)
	w.WriteByte('"')
}
