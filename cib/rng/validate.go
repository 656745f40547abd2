package rng

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/beevik/etree"

	"github.com/executioner-ha/executioner/cib"
)

// Error is the first place a document breaks the schema.
type Error struct {
	Elem *etree.Element // the element at fault
	Attr string         // the attribute at fault, when one is
	Msg  string         // what is wrong there
}

func (e *Error) Error() string { return e.Msg }

// Validate checks the tree under root and returns the first problem, or
// nil when root is valid. Comments, processing instructions and white
// space between elements are ignored.
func (s *Schema) Validate(root *etree.Element) *Error {
	p, err := s.elem(s.start, root)
	if err != nil {
		return err
	}
	if !p.nullable {
		return &Error{Elem: root, Msg: fmt.Sprintf("<%s> is not a complete document of schema %s", root.Tag, s.name)}
	}
	return nil
}

func (s *Schema) elem(p *pat, e *etree.Element) (*pat, *Error) {
	b := s.b
	q := b.startTagOpenDeriv(p, e.Tag)
	if q.kind == kNotAllowed {
		where := "here"
		if par := e.Parent(); par != nil {
			where = "in <" + par.Tag + ">"
		}
		msg := fmt.Sprintf("<%s> is not allowed %s", e.Tag, where)
		if exp := s.expected(p); len(exp) > 0 {
			msg += " (expected " + strings.Join(exp, ", ") + ")"
		}
		return nil, &Error{Elem: e, Msg: msg}
	}
	open := q
	q, bad := s.atts(q, e, -1)
	if bad >= 0 {
		a := e.Attr[bad]
		return nil, &Error{Elem: e, Attr: a.Key, Msg: fmt.Sprintf("<%s> may not have %s=%q: the schema allows no such attribute there, or not that value", e.Tag, a.Key, a.Value)}
	}
	q = b.startTagCloseDeriv(q)
	if q.kind == kNotAllowed {
		msg, attr := s.missingAttribute(open, e)
		return nil, &Error{Elem: e, Attr: attr, Msg: msg}
	}
	q, err := s.children(q, e)
	if err != nil {
		return nil, err
	}
	r := b.endTagDeriv(q)
	if r.kind == kNotAllowed {
		msg := fmt.Sprintf("<%s> lacks content the schema requires", e.Tag)
		if exp := s.expected(q); len(exp) > 0 {
			msg += " (expected " + strings.Join(exp, ", ") + ")"
		}
		return nil, &Error{Elem: e, Msg: msg}
	}
	return r, nil
}

// atts derives p by e's attributes but the one at index skip; it returns
// the index of the first attribute that is not allowed, or -1.
func (s *Schema) atts(p *pat, e *etree.Element, skip int) (*pat, int) {
	for i, a := range e.Attr {
		if i == skip || a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
			continue
		}
		r := s.b.attDeriv(p, a.Key, a.Value)
		if r.kind == kNotAllowed {
			return r, i
		}
		p = r
	}
	return p, -1
}

// missingAttribute explains a start tag the schema refuses although each
// attribute was allowed: an attribute that may not go with the others
// (the tag is fine without it), or the attributes it could still take.
func (s *Schema) missingAttribute(open *pat, e *etree.Element) (string, string) {
	for i, a := range e.Attr {
		if q, bad := s.atts(open, e, i); bad < 0 && s.b.startTagCloseDeriv(q).kind != kNotAllowed {
			return fmt.Sprintf("<%s> may not have %s=%q together with its other attributes", e.Tag, a.Key, a.Value), a.Key
		}
	}
	q, _ := s.atts(open, e, -1)
	l := patternNames(q, kAttribute)
	if len(l) == 0 {
		return fmt.Sprintf("<%s> lacks an attribute the schema requires", e.Tag), ""
	}
	return fmt.Sprintf("<%s> lacks an attribute the schema requires (it may take %s)", e.Tag, strings.Join(l, ", ")), ""
}

// children derives p by e's child elements and text; an element holding
// only white space (or nothing) may match empty or text content.
func (s *Schema) children(p *pat, e *etree.Element) (*pat, *Error) {
	b := s.b
	hasElem := false
	var text strings.Builder
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			hasElem = true
		case *etree.CharData:
			text.WriteString(t.Data)
		}
	}
	if !hasElem {
		q := b.textDeriv(p, text.String())
		if isWhite(text.String()) {
			q = b.choice(p, q)
		}
		if q.kind == kNotAllowed {
			return nil, &Error{Elem: e, Msg: fmt.Sprintf("<%s> may not hold the text %q", e.Tag, text.String())}
		}
		return q, nil
	}
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			q, err := s.elem(p, t)
			if err != nil {
				return nil, err
			}
			p = q
		case *etree.CharData:
			if isWhite(t.Data) {
				continue
			}
			q := b.textDeriv(p, t.Data)
			if q.kind == kNotAllowed {
				return nil, &Error{Elem: e, Msg: fmt.Sprintf("<%s> may not hold the text %q", e.Tag, strings.TrimSpace(t.Data))}
			}
			p = q
		}
	}
	return p, nil
}

// expected lists the elements p could start with next, for messages.
func (s *Schema) expected(p *pat) []string {
	var out []string
	for _, n := range patternNames(p, kElement) {
		out = append(out, "<"+n+">")
	}
	return out
}

// patternNames lists, sorted, the names of the patterns of kind k (element
// or attribute) in p: for elements those p could start with, for
// attributes every one it still holds.
func patternNames(p *pat, k kind) []string {
	seen := map[*pat]bool{}
	names := map[string]bool{}
	var walk func(*pat)
	walk = func(p *pat) {
		if seen[p] {
			return
		}
		seen[p] = true
		switch p.kind {
		case kChoice, kInterleave:
			walk(p.a)
			walk(p.b)
		case kGroup, kAfter:
			walk(p.a)
			if k == kAttribute || (p.kind == kGroup && p.a.nullable) {
				walk(p.b)
			}
		case kOneOrMore:
			walk(p.a)
		case k:
			if p.nc.name != "" {
				names[p.nc.name] = true
			}
		}
	}
	walk(p)
	return slices.Sorted(maps.Keys(names))
}

// Check validates a CIB and returns the first problem as a cib finding
// (check "schema"), or nil.
func (s *Schema) Check(doc *cib.Document) []cib.Finding {
	e := s.Validate(doc.Root())
	if e == nil {
		return nil
	}
	f := cib.Finding{Severity: cib.Error, Check: "schema", Elem: e.Elem, Attr: e.Attr, Line: doc.Line(e.Elem),
		Message: e.Msg + " (schema " + strings.TrimSuffix(s.name, ".rng") + ")"}
	if e.Elem != nil {
		f.ID, f.Element = e.Elem.SelectAttrValue("id", ""), e.Elem.Tag
	}
	return []cib.Finding{f}
}
