package rng

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// group builds a sequence of patterns.
func (c *compiler) group(els []*etree.Element, g *grammar) (*pat, error) {
	out := c.b.empty
	for _, el := range els {
		p, err := c.conv(el, g)
		if err != nil {
			return nil, err
		}
		out = c.b.group(out, p)
	}
	return out, nil
}

func (c *compiler) fold(els []*etree.Element, g *grammar, op func(p, q *pat) *pat) (*pat, error) {
	var out *pat
	for _, el := range els {
		p, err := c.conv(el, g)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = p
		} else {
			out = op(out, p)
		}
	}
	if out == nil {
		return c.b.notAllowed, nil
	}
	return out, nil
}

// conv turns one pattern element into a pattern.
func (c *compiler) conv(el *etree.Element, g *grammar) (*pat, error) {
	b := c.b
	kids := el.ChildElements()
	switch el.Tag {
	case "element", "attribute":
		nc, rest, err := nameOf(el)
		if err != nil {
			return nil, err
		}
		if el.Tag == "attribute" {
			if len(rest) == 0 {
				return b.attribute(nc, b.text), nil
			}
			p, err := c.group(rest, g)
			if err != nil {
				return nil, err
			}
			return b.attribute(nc, p), nil
		}
		e := &element{}
		e.build = func() *pat {
			p, err := c.group(rest, g)
			if err != nil {
				if c.err == nil {
					c.err = err
				}
				return b.notAllowed
			}
			return p
		}
		c.elems = append(c.elems, e)
		return b.element(nc, e), nil
	case "group":
		return c.group(kids, g)
	case "interleave":
		return c.fold(kids, g, b.interleave)
	case "choice":
		return c.fold(kids, g, b.choice)
	case "optional", "zeroOrMore", "oneOrMore", "mixed":
		p, err := c.group(kids, g)
		if err != nil {
			return nil, err
		}
		switch el.Tag {
		case "optional":
			return b.choice(p, b.empty), nil
		case "zeroOrMore":
			return b.choice(b.oneOrMore(p), b.empty), nil
		case "oneOrMore":
			return b.oneOrMore(p), nil
		}
		return b.interleave(p, b.text), nil
	case "ref":
		return c.defPattern(g.lookup(el.SelectAttrValue("name", "")), el)
	case "parentRef":
		if g == nil {
			return nil, fmt.Errorf("schema: parentRef %q outside a nested grammar", el.SelectAttrValue("name", ""))
		}
		return c.defPattern(g.parent.lookup(el.SelectAttrValue("name", "")), el)
	case "externalRef":
		root, err := c.file(el.SelectAttrValue("href", ""))
		if err != nil {
			return nil, err
		}
		return c.top(root)
	case "grammar":
		ng, err := c.grammar(el, g)
		if err != nil {
			return nil, err
		}
		return c.defPattern(ng.defs[startName], el)
	case "empty":
		return b.empty, nil
	case "notAllowed":
		return b.notAllowed, nil
	case "text":
		return b.text, nil
	case "data":
		return c.data(el, g)
	case "value":
		typ := el.SelectAttrValue("type", "token")
		if !knownTypes[typ] {
			return nil, fmt.Errorf("schema: unknown datatype %q", typ)
		}
		return b.value(typ, el.Text()), nil
	}
	return nil, fmt.Errorf("schema: <%s> is not supported", el.Tag)
}

func (c *compiler) data(el *etree.Element, g *grammar) (*pat, error) {
	typ := el.SelectAttrValue("type", "")
	if !knownTypes[typ] {
		return nil, fmt.Errorf("schema: unknown datatype %q", typ)
	}
	var facet []string
	var except *pat
	for _, ch := range el.ChildElements() {
		switch ch.Tag {
		case "param":
			if n := ch.SelectAttrValue("name", ""); n != "pattern" {
				return nil, fmt.Errorf("schema: datatype parameter %q is not supported", n)
			}
			facet = append(facet, ch.Text())
		case "except":
			p, err := c.fold(ch.ChildElements(), g, c.b.choice)
			if err != nil {
				return nil, err
			}
			except = p
		}
	}
	if len(facet) > 1 {
		return nil, fmt.Errorf("schema: more than one pattern on a datatype")
	}
	if len(facet) == 1 {
		re, err := facetRegexp(facet[0])
		if err != nil {
			return nil, err
		}
		return c.b.data(typ, re, except), nil
	}
	return c.b.data(typ, nil, except), nil
}

// nameOf reads the name class of an element or attribute pattern and
// returns the patterns after it.
func nameOf(el *etree.Element) (*nameClass, []*etree.Element, error) {
	kids := el.ChildElements()
	if n := el.SelectAttr("name"); n != nil {
		return &nameClass{name: localName(n.Value)}, kids, nil
	}
	if len(kids) == 0 {
		return nil, nil, fmt.Errorf("schema: <%s> without a name", el.Tag)
	}
	nc, err := nameClassOf(kids[0])
	return nc, kids[1:], err
}

func nameClassOf(el *etree.Element) (*nameClass, error) {
	switch el.Tag {
	case "name":
		return &nameClass{name: localName(strings.TrimSpace(el.Text()))}, nil
	case "anyName", "nsName":
		nc := &nameClass{any: true}
		if ex := el.SelectElement("except"); ex != nil {
			alt, err := nameChoice(ex)
			if err != nil {
				return nil, err
			}
			nc.except = alt
		}
		return nc, nil
	case "choice":
		return nameChoice(el)
	}
	return nil, fmt.Errorf("schema: name class <%s> is not supported", el.Tag)
}

// nameChoice is the choice of the name classes under el.
func nameChoice(el *etree.Element) (*nameClass, error) {
	alt := &nameClass{alt: []*nameClass{}}
	for _, k := range el.ChildElements() {
		n, err := nameClassOf(k)
		if err != nil {
			return nil, err
		}
		alt.alt = append(alt.alt, n)
	}
	return alt, nil
}

func localName(n string) string {
	n = strings.TrimSpace(n)
	if _, l, ok := strings.Cut(n, ":"); ok {
		return l
	}
	return n
}
