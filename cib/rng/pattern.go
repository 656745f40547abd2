package rng

import "regexp"

type kind uint8

const (
	kNotAllowed kind = iota
	kEmpty
	kText
	kChoice
	kInterleave
	kGroup
	kOneOrMore
	kAttribute
	kElement
	kData
	kValue
	kAfter
)

// pat is an interned pattern: patterns with equal parts are one value.
type pat struct {
	kind     kind
	id       int
	a, b     *pat       // choice, interleave, group, after, oneOrMore (a); data: except (a, may be nil)
	nc       *nameClass // attribute, element
	typ      string     // data, value: the datatype
	val      string     // value: the value
	facet    *regexp.Regexp
	elem     *element // element: its declaration
	nullable bool
}

// element is one element declaration of the schema; its content is
// built when first needed, which is what lets definitions recurse.
type element struct {
	build   func() *pat
	content *pat
}

func (e *element) pattern() *pat {
	if e.content == nil {
		e.content = e.build()
	}
	return e.content
}

// nameClass matches element and attribute names.
type nameClass struct {
	name   string     // one name; "" with any set
	any    bool       // anyName
	except *nameClass // anyName's except
	alt    []*nameClass
}

func (n *nameClass) contains(name string) bool {
	switch {
	case n.alt != nil:
		for _, a := range n.alt {
			if a.contains(name) {
				return true
			}
		}
		return false
	case n.any:
		return n.except == nil || !n.except.contains(name)
	}
	return n.name == name
}

type patKey struct {
	kind     kind
	a, b     int
	nc       *nameClass
	typ, val string
	facet    string
	elem     *element
}

// builder interns patterns and memoizes derivatives.
type builder struct {
	interned                map[patKey]*pat
	n                       int
	notAllowed, empty, text *pat
	stod                    map[stodKey]*pat
	stcd, endTag            map[*pat]*pat
	attCands                map[attsKey][]*pat
	attMemo                 map[attDerivKey]*pat
}

// attsKey is a pattern and an attribute name.
type attsKey struct {
	p    *pat
	name string
}

// attDerivKey is a pattern, an attribute name and the set of the
// pattern's attribute patterns for that name that accept the value (bit i
// for the i-th of attributesNamed).
type attDerivKey struct {
	p     *pat
	name  string
	match uint64
}

type stodKey struct {
	p    *pat
	name string
}

func newBuilder() *builder {
	b := &builder{interned: map[patKey]*pat{}, stod: map[stodKey]*pat{}, stcd: map[*pat]*pat{}, endTag: map[*pat]*pat{},
		attCands: map[attsKey][]*pat{}, attMemo: map[attDerivKey]*pat{}}
	b.notAllowed = b.intern(&pat{kind: kNotAllowed})
	b.empty = b.intern(&pat{kind: kEmpty, nullable: true})
	b.text = b.intern(&pat{kind: kText, nullable: true})
	return b
}

func idOf(p *pat) int {
	if p == nil {
		return -1
	}
	return p.id
}

func (b *builder) intern(p *pat) *pat {
	k := patKey{kind: p.kind, a: idOf(p.a), b: idOf(p.b), nc: p.nc, typ: p.typ, val: p.val, elem: p.elem}
	if p.facet != nil {
		k.facet = p.facet.String()
	}
	if q, ok := b.interned[k]; ok {
		return q
	}
	p.id = b.n
	b.n++
	b.interned[k] = p
	return p
}

func (b *builder) choice(p, q *pat) *pat {
	switch {
	case p.kind == kNotAllowed:
		return q
	case q.kind == kNotAllowed, p == q:
		return p
	case p.kind == kEmpty && q.nullable:
		return q
	case q.kind == kEmpty && p.nullable:
		return p
	}
	if p.id > q.id {
		p, q = q, p
	}
	return b.intern(&pat{kind: kChoice, a: p, b: q, nullable: p.nullable || q.nullable})
}

// simplePair simplifies a group or interleave of p and q: nothing allowed
// in either allows nothing, empty on one side is the other side.
func (b *builder) simplePair(p, q *pat) (*pat, bool) {
	switch {
	case p.kind == kNotAllowed || q.kind == kNotAllowed:
		return b.notAllowed, true
	case p.kind == kEmpty:
		return q, true
	case q.kind == kEmpty:
		return p, true
	}
	return nil, false
}

func (b *builder) group(p, q *pat) *pat {
	if r, ok := b.simplePair(p, q); ok {
		return r
	}
	return b.intern(&pat{kind: kGroup, a: p, b: q, nullable: p.nullable && q.nullable})
}

func (b *builder) interleave(p, q *pat) *pat {
	if r, ok := b.simplePair(p, q); ok {
		return r
	}
	if p.id > q.id {
		p, q = q, p
	}
	return b.intern(&pat{kind: kInterleave, a: p, b: q, nullable: p.nullable && q.nullable})
}

func (b *builder) after(p, q *pat) *pat {
	if p.kind == kNotAllowed || q.kind == kNotAllowed {
		return b.notAllowed
	}
	return b.intern(&pat{kind: kAfter, a: p, b: q})
}

func (b *builder) oneOrMore(p *pat) *pat {
	if p.kind == kNotAllowed || p.kind == kEmpty {
		return p
	}
	return b.intern(&pat{kind: kOneOrMore, a: p, nullable: p.nullable})
}

func (b *builder) attribute(nc *nameClass, p *pat) *pat {
	return b.intern(&pat{kind: kAttribute, nc: nc, a: p})
}

func (b *builder) element(nc *nameClass, e *element) *pat {
	return b.intern(&pat{kind: kElement, nc: nc, elem: e})
}

func (b *builder) data(typ string, facet *regexp.Regexp, except *pat) *pat {
	return b.intern(&pat{kind: kData, typ: typ, facet: facet, a: except})
}

func (b *builder) value(typ, val string) *pat {
	return b.intern(&pat{kind: kValue, typ: typ, val: val})
}
