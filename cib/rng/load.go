package rng

import (
	"fmt"

	"github.com/beevik/etree"
)

// Loader returns the content of the schema file an href names.
type Loader func(name string) ([]byte, error)

// Schema is a compiled schema. It is not safe for concurrent use: its
// patterns and derivatives are shared and grow as documents are checked,
// so the validations of one Schema must take turns (the caller's lock).
type Schema struct {
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
