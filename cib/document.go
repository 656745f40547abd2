package cib

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/beevik/etree"
)

// Document is a parsed CIB. The zero value is not usable; use Parse.
//
// Besides the element tree, a Document remembers the exact source text of
// every token it parsed, so that tokens nobody changed are written back
// byte for byte (attribute layout, quoting, character references, empty
// element forms), and the line each element started on.
type Document struct {
	tree *etree.Document
	src  *sources
	bom  bool // the source text started with a UTF-8 byte order mark
}

// SyntaxError reports input that is not well-formed XML 1.0 with
// namespaces, or that the parser refuses although it is (a document type
// declaration, an encoding other than UTF-8, nesting deeper than 256), with
// the line it was found on.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Parse reads a CIB document. The root element must be <cib>. It takes time
// and memory linear in len(data).
func Parse(data []byte) (*Document, error) { return parseCIB(string(data)) }

// ParseString is Parse of a CIB held as a string. The document refers to
// data's bytes rather than copying them (its unchanged tokens are written
// back from them).
func ParseString(data string) (*Document, error) { return parseCIB(data) }

func parseCIB(data string) (*Document, error) {
	d, err := parseXML(data, false)
	if err != nil {
		return nil, err
	}
	root := d.tree.Root()
	if root.Tag != "cib" || root.Space != "" {
		return nil, &SyntaxError{Line: d.Line(root), Msg: fmt.Sprintf("root element is <%s>, want <cib>", root.FullTag())}
	}
	return d, nil
}

// ParseReader reads a whole CIB from r.
func ParseReader(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Root is the <cib> element. Callers inside this package edit through it;
// callers outside use the typed accessors.
func (d *Document) Root() *etree.Element { return d.tree.Root() }

// Line is the line of the source text element e started on, or 0 for an
// element that was added after parsing.
func (d *Document) Line(e *etree.Element) int {
	if s := d.src.get(e); s != nil {
		return s.line
	}
	return 0
}

// Bytes writes the document back as XML, byte for byte as it was read when
// nothing was changed.
func (d *Document) Bytes() []byte {
	var b bytes.Buffer
	_, _ = d.WriteTo(&b)
	return b.Bytes()
}

// WriteTo writes the document to w. Tokens that were not changed since
// parsing are written exactly as they were read.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriter(cw)
	if d.bom {
		bw.WriteString(bom)
	}
	for _, t := range d.tree.Child {
		d.writeToken(bw, t)
	}
	err := bw.Flush()
	return cw.n, err
}

// Clone returns an independent deep copy of the document, source text and
// line numbers included.
func (d *Document) Clone() *Document {
	return d.clone(false)
}

// CloneConfiguration returns a copy of the document like Clone, but
// without its status section: for readers of the configuration alone,
// which is a fraction of a large cluster's CIB.
func (d *Document) CloneConfiguration() *Document { return d.clone(true) }

func (d *Document) clone(noStatus bool) *Document {
	c := &Document{tree: etree.NewDocument(), src: newSources(), bom: d.bom}
	// Copy token by token: etree's Document.Copy leaves the root's parent
	// pointing at a temporary element instead of the new document.
	for _, t := range d.tree.Child {
		if e, ok := t.(*etree.Element); ok && noStatus && e == d.Root() {
			c.tree.AddChild(c.copyRoot(d, e))
			continue
		}
		c.tree.AddChild(c.copyFrom(d, t))
	}
	return c
}

// copyRoot copies the root element without its status child.
func (c *Document) copyRoot(d *Document, root *etree.Element) etree.Token {
	status := root.SelectElement("status")
	n := c.src.arena.element()
	n.e.Space, n.e.Tag, n.e.Attr = root.Space, root.Tag, slices.Clone(root.Attr)
	if s := d.src.get(root); s != nil {
		n.src, n.has = *s, true
	}
	for _, k := range root.Child {
		if k != etree.Token(status) {
			n.e.AddChild(c.copyFrom(d, k))
		}
	}
	return &n.e
}

// copyFrom returns an unattached deep copy of t, a token of d, with its
// source records: elements are allocated in c's arena.
func (c *Document) copyFrom(d *Document, t etree.Token) etree.Token {
	e, ok := t.(*etree.Element)
	if !ok {
		u := copyToken(t)
		if s := d.src.get(t); s != nil {
			c.src.set(u, s)
		}
		return u
	}
	n := c.src.arena.element()
	n.e.Space, n.e.Tag, n.e.Attr = e.Space, e.Tag, slices.Clone(e.Attr)
	if s := d.src.get(e); s != nil {
		n.src, n.has = *s, true
	}
	if len(e.Child) > 0 {
		n.e.Child = make([]etree.Token, 0, len(e.Child))
		for _, k := range e.Child {
			n.e.AddChild(c.copyFrom(d, k))
		}
	}
	return &n.e
}

// copyToken returns an unattached deep copy of t.
func copyToken(t etree.Token) etree.Token {
	switch t := t.(type) {
	case *etree.Element:
		return t.Copy()
	case *etree.CharData:
		if t.IsCData() {
			return etree.NewCData(t.Data)
		}
		return etree.NewText(t.Data)
	case *etree.Comment:
		return etree.NewComment(t.Data)
	case *etree.Directive:
		return etree.NewDirective(t.Data)
	case *etree.ProcInst:
		return etree.NewProcInst(t.Target, t.Inst)
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
