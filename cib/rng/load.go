package rng

import (
	"fmt"
	"strings"
	"sync"

	"github.com/beevik/etree"
)

// Loader returns the content of the schema file an href names.
type Loader func(name string) ([]byte, error)

// Schema is a compiled schema. Validations of one Schema take turns (its
// patterns and derivatives are shared and grow as documents are checked).
type Schema struct {
	mu    sync.Mutex
	b     *builder
	start *pat
	name  string
}

// Name is the file the schema was compiled from.
func (s *Schema) Name() string { return s.name }

type grammar struct {
	parent *grammar
	defs   map[string]*define
}

const startName = "\x00start"

// define is a named pattern of a grammar (or its start): the elements
// that define it, combined by choice or interleave.
type define struct {
	name     string
	g        *grammar
	bodies   []*etree.Element
	combine  string
	pat      *pat
	building bool
}

type compiler struct {
	b     *builder
	load  Loader
	files map[string]*etree.Element
	elems []*element
	err   error
}

// Compile reads the schema in the file name, and the files it includes or
// refers to, through load.
func Compile(name string, load Loader) (*Schema, error) {
	c := &compiler{b: newBuilder(), load: load, files: map[string]*etree.Element{}}
	root, err := c.file(name)
	if err != nil {
		return nil, err
	}
	start, err := c.top(root)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(c.elems); i++ {
		c.elems[i].pattern()
		if c.err != nil {
			return nil, c.err
		}
	}
	return &Schema{b: c.b, start: start, name: name}, nil
}

// file reads and parses one schema file.
func (c *compiler) file(name string) (*etree.Element, error) {
	if r, ok := c.files[name]; ok {
		return r, nil
	}
	data, err := c.load(name)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	d := etree.NewDocument()
	if err := d.ReadFromBytes(data); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	if d.Root() == nil {
		return nil, fmt.Errorf("schema %s: no root element", name)
	}
	c.files[name] = d.Root()
	return d.Root(), nil
}

// top turns the root of an external schema into its pattern: a grammar's
// start, or the pattern itself.
func (c *compiler) top(root *etree.Element) (*pat, error) {
	if root.Tag != "grammar" {
		return c.conv(root, nil)
	}
	g, err := c.grammar(root, nil)
	if err != nil {
		return nil, err
	}
	return c.defPattern(g.defs[startName], root)
}

func (c *compiler) grammar(el *etree.Element, parent *grammar) (*grammar, error) {
	g := &grammar{parent: parent, defs: map[string]*define{}}
	return g, c.components(g, el, nil)
}

// components adds the start, define, include and div children of a
// grammar (or include) element to g, leaving out the components an
// including element overrides.
func (c *compiler) components(g *grammar, el *etree.Element, skip map[string]bool) error {
	for _, ch := range el.ChildElements() {
		switch ch.Tag {
		case "start", "define":
			name := startName
			if ch.Tag == "define" {
				name = ch.SelectAttrValue("name", "")
			}
			if skip[name] {
				continue
			}
			d := g.defs[name]
			if d == nil {
				d = &define{name: name, g: g}
				g.defs[name] = d
			}
			d.bodies = append(d.bodies, ch)
			if cb := ch.SelectAttrValue("combine", ""); cb != "" {
				d.combine = cb
			}
		case "include":
			inc, err := c.file(ch.SelectAttrValue("href", ""))
			if err != nil {
				return err
			}
			over := map[string]bool{}
			for k := range skip {
				over[k] = true
			}
			for _, o := range ch.ChildElements() {
				switch o.Tag {
				case "start":
					over[startName] = true
				case "define":
					over[o.SelectAttrValue("name", "")] = true
				}
			}
			if err := c.components(g, inc, over); err != nil {
				return err
			}
			if err := c.components(g, ch, skip); err != nil {
				return err
			}
		case "div":
			if err := c.components(g, ch, skip); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *grammar) lookup(name string) *define {
	if g == nil {
		return nil
	}
	return g.defs[name]
}

// defPattern builds a definition's pattern once.
func (c *compiler) defPattern(d *define, at *etree.Element) (*pat, error) {
	if d == nil {
		return nil, fmt.Errorf("schema: <%s %s> refers to no definition", at.Tag, at.SelectAttrValue("name", ""))
	}
	if d.pat != nil {
		return d.pat, nil
	}
	if d.building {
		return nil, fmt.Errorf("schema: definition %q refers to itself outside an element", d.name)
	}
	d.building = true
	var out *pat
	for _, body := range d.bodies {
		p, err := c.group(body.ChildElements(), d.g)
		if err != nil {
			return nil, err
		}
		switch {
		case out == nil:
			out = p
		case d.combine == "interleave":
			out = c.b.interleave(out, p)
		default:
			out = c.b.choice(out, p)
		}
	}
	d.building = false
	d.pat = out
	return out, nil
}

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
