package rng

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beevik/etree"
)

// Error is the first place a document breaks the schema.
type Error struct {
	Elem *etree.Element // the element at fault
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
	for _, a := range e.Attr {
		if a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
			continue
		}
		r := b.attDeriv(q, a.Key, a.Value)
		if r.kind == kNotAllowed {
			return nil, &Error{Elem: e, Msg: fmt.Sprintf("<%s> may not have %s=%q: the schema allows no such attribute there, or not that value", e.Tag, a.Key, a.Value)}
		}
		q = r
	}
	q = b.startTagCloseDeriv(q)
	if q.kind == kNotAllowed {
		return nil, &Error{Elem: e, Msg: fmt.Sprintf("<%s> lacks an attribute the schema requires", e.Tag)}
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
	seen := map[*pat]bool{}
	var names []string
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
		case kGroup:
			walk(p.a)
			if p.a.nullable {
				walk(p.b)
			}
		case kOneOrMore, kAfter:
			walk(p.a)
		case kElement:
			if p.nc.name != "" {
				names = append(names, "<"+p.nc.name+">")
			}
		}
	}
	walk(p)
	slices.Sort(names)
	return slices.Compact(names)
}
