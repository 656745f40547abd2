package cib

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/beevik/etree"
)

// Document is a parsed CIB. The zero value is not usable; use Parse.
type Document struct {
	tree *etree.Document
}

// SyntaxError reports XML that is not well formed, with the line it was found on.
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

// Parse reads a CIB document. The root element must be <cib>.
func Parse(data []byte) (*Document, error) {
	t := etree.NewDocument()
	t.ReadSettings.PreserveCData = true
	t.ReadSettings.PreserveDuplicateAttrs = true
	if err := checkWellFormed(data); err != nil {
		return nil, err
	}
	if err := t.ReadFromBytes(data); err != nil {
		return nil, &SyntaxError{Msg: err.Error()}
	}
	root := t.Root()
	if root == nil {
		return nil, &SyntaxError{Msg: "no root element"}
	}
	if root.Tag != "cib" || root.Space != "" {
		return nil, &SyntaxError{Line: 1, Msg: fmt.Sprintf("root element is <%s>, want <cib>", root.FullTag())}
	}
	return &Document{tree: t}, nil
}

// ParseReader reads a whole CIB from r.
func ParseReader(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// checkWellFormed runs the standard decoder over data so that malformed input
// is reported with its line number, which etree does not keep.
func checkWellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	roots := 0
	depth := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return &SyntaxError{Line: se.Line, Msg: se.Msg}
			}
			line, _ := d.InputPos()
			return &SyntaxError{Line: line, Msg: err.Error()}
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					line, _ := d.InputPos()
					return &SyntaxError{Line: line, Msg: "more than one root element"}
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots == 0 {
		return &SyntaxError{Msg: "no root element"}
	}
	return nil
}

// Root is the <cib> element. Callers inside this package edit through it;
// callers outside use the typed accessors.
func (d *Document) Root() *etree.Element { return d.tree.Root() }

// Bytes writes the document back as XML, byte for byte as it was read when
// nothing was changed.
func (d *Document) Bytes() []byte {
	var b bytes.Buffer
	_, _ = d.WriteTo(&b)
	return b.Bytes()
}

// WriteTo writes the document to w.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	return d.tree.WriteTo(w)
}

// Clone returns an independent deep copy of the document.
func (d *Document) Clone() *Document {
	return &Document{tree: d.tree.Copy()}
}
