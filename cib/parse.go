package cib

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/beevik/etree"
)

// maxDepth bounds element nesting so hostile input cannot exhaust the stack
// of the recursive writers and walkers.
const maxDepth = 256

// source is the text a token was parsed from, with what it meant then, so
// the writer can tell whether the token changed since.
type source struct {
	text  string       // the token exactly as written
	tag   string       // an element's tag as parsed
	end   string       // an element's end tag; empty for <x/>
	line  int          // line the token starts on
	attrs []etree.Attr // an element's attributes as parsed
	data  string       // character data, comment, directive or PI content
	empty bool         // element written as <x/>
}

// parser builds an etree tree from the decoder's raw tokens, recording the
// source text of each.
type parser struct {
	data  []byte
	dec   *xml.Decoder
	doc   *Document
	stack []*etree.Element
	off   int64 // offset of the end of the previous token
	line  int   // line at off
}

func parseXML(data []byte) (*Document, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	doc := &Document{tree: etree.NewDocument(), src: make(map[etree.Token]*source)}
	p := &parser{data: data, dec: dec, doc: doc, stack: []*etree.Element{&doc.tree.Element}, line: 1}
	if err := p.run(); err != nil {
		return nil, err
	}
	return doc, nil
}

func (p *parser) run() error {
	roots := 0
	for {
		tok, err := p.dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return &SyntaxError{Line: se.Line, Msg: se.Msg}
			}
			return &SyntaxError{Line: p.line, Msg: err.Error()}
		}
		start := p.off
		p.off = p.dec.InputOffset()
		text := string(p.data[start:p.off])
		line := p.line
		p.line += bytes.Count(p.data[start:p.off], []byte{'\n'})
		if _, ok := tok.(xml.StartElement); ok && len(p.stack) == 1 {
			if roots++; roots > 1 {
				return &SyntaxError{Line: line, Msg: "more than one root element"}
			}
		}
		if err := p.add(tok, text, line); err != nil {
			return err
		}
	}
	if roots == 0 {
		return &SyntaxError{Line: p.line, Msg: "no root element"}
	}
	if len(p.stack) != 1 {
		return &SyntaxError{Line: p.line, Msg: fmt.Sprintf("unexpected end of input inside <%s>", p.top().FullTag())}
	}
	return nil
}

func (p *parser) top() *etree.Element { return p.stack[len(p.stack)-1] }

// add attaches one token to the tree.
func (p *parser) add(tok xml.Token, text string, line int) error {
	top := p.top()
	src := p.doc.src
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.stack) > maxDepth {
			return &SyntaxError{Line: line, Msg: fmt.Sprintf("elements nested deeper than %d", maxDepth)}
		}
		if err := checkNames(t); err != nil {
			return &SyntaxError{Line: line, Msg: err.Error()}
		}
		e := top.CreateElement(t.Name.Local)
		e.Space = t.Name.Space
		for _, a := range t.Attr {
			e.Attr = append(e.Attr, etree.Attr{Space: a.Name.Space, Key: a.Name.Local, Value: a.Value})
		}
		src[e] = &source{text: text, tag: e.FullTag(), line: line, attrs: slices.Clone(e.Attr), empty: true}
		p.stack = append(p.stack, e)
	case xml.EndElement:
		if len(p.stack) == 1 || top.Tag != t.Name.Local || top.Space != t.Name.Space {
			return &SyntaxError{Line: line, Msg: fmt.Sprintf("unexpected end element </%s>", fullName(t.Name))}
		}
		if text != "" {
			src[top].end, src[top].empty = text, false
		}
		p.stack = p.stack[:len(p.stack)-1]
	case xml.CharData:
		var c *etree.CharData
		if bytes.HasPrefix([]byte(text), []byte("<![CDATA[")) {
			c = top.CreateCData(string(t))
		} else {
			c = top.CreateText(string(t))
		}
		src[c] = &source{text: text, line: line, data: string(t)}
	case xml.Comment:
		src[top.CreateComment(string(t))] = &source{text: text, line: line, data: string(t)}
	case xml.Directive:
		src[top.CreateDirective(string(t))] = &source{text: text, line: line, data: string(t)}
	case xml.ProcInst:
		src[top.CreateProcInst(t.Target, string(t.Inst))] = &source{text: text, line: line, data: t.Target + " " + string(t.Inst)}
	}
	return nil
}

// checkNames rejects element and attribute names that are not valid
// namespace-qualified XML names (an empty part, or a stray colon), which
// the decoder lets through.
func checkNames(t xml.StartElement) error {
	bad := func(n xml.Name) bool {
		return n.Local == "" || strings.Contains(n.Local, ":") || strings.Contains(n.Space, ":")
	}
	if bad(t.Name) {
		return fmt.Errorf("invalid element name %q", fullName(t.Name))
	}
	for _, a := range t.Attr {
		if bad(a.Name) {
			return fmt.Errorf("invalid attribute name %q in <%s>", fullName(a.Name), fullName(t.Name))
		}
	}
	return nil
}

func fullName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// ParseElement parses one XML element, such as the input of an edit, and
// returns it detached from any document. Whitespace-only text inside it is
// dropped, as Pacemaker drops it from update input.
func ParseElement(data []byte) (*etree.Element, error) {
	d, err := parseXML(data)
	if err != nil {
		return nil, err
	}
	root := d.tree.Root()
	stripBlank(root)
	d.tree.RemoveChild(root)
	return root, nil
}

func stripBlank(e *etree.Element) {
	for i := len(e.Child) - 1; i >= 0; i-- {
		switch t := e.Child[i].(type) {
		case *etree.CharData:
			if !t.IsCData() && strings.TrimSpace(t.Data) == "" {
				e.RemoveChildAt(i)
			}
		case *etree.Element:
			stripBlank(t)
		}
	}
}
