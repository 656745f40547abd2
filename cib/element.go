package cib

import (
	"strings"

	"github.com/beevik/etree"
)

// Element is one XML element of a CIB document. Packages layered on cib
// (the crm-shell language) build and walk configuration elements through
// it without depending on the XML library themselves.
type Element = etree.Element

// Token, Comment and CharData are the other children of an element, for
// packages that print or rearrange a configuration exactly.
type (
	Token    = etree.Token
	Comment  = etree.Comment
	CharData = etree.CharData
)

// NewElement returns a detached element with the given tag.
func NewElement(tag string) *Element { return etree.NewElement(tag) }

// Comments returns the texts of e's direct comment children, in order.
func Comments(e *Element) []string {
	var out []string
	for _, t := range e.Child {
		if c, ok := t.(*etree.Comment); ok {
			out = append(out, c.Data)
		}
	}
	return out
}

// InsertComment inserts a comment child holding text at child position i
// (counting every child token); i beyond the end appends.
func InsertComment(e *Element, i int, text string) {
	if i > len(e.Child) {
		i = len(e.Child)
	}
	e.InsertChildAt(i, etree.NewComment(text))
}

// RemoveComments removes e's direct comment children.
func RemoveComments(e *Element) {
	for i := len(e.Child) - 1; i >= 0; i-- {
		if _, ok := e.Child[i].(*etree.Comment); ok {
			e.RemoveChildAt(i)
		}
	}
}

// Indent rewrites the whitespace inside e so that every child element sits
// on its own line, indented by two spaces per level. Whitespace between
// elements is replaced, never added to, whichever way it got there (parsed,
// or inserted by an edit), so indenting again changes nothing.
func Indent(e *Element) {
	stripWhitespace(e)
	s := etree.NewIndentSettings()
	s.Spaces = 2
	e.IndentWithSettings(s)
}

// stripWhitespace removes the whitespace-only text between the child
// elements of e and its descendants; text in mixed content stays.
func stripWhitespace(e *Element) {
	mixed := false
	for _, t := range e.Child {
		if c, ok := t.(*etree.CharData); ok && (c.IsCData() || strings.TrimSpace(c.Data) != "") {
			mixed = true
		}
	}
	for i := len(e.Child) - 1; i >= 0 && !mixed; i-- {
		if c, ok := e.Child[i].(*etree.CharData); ok && len(e.ChildElements()) > 0 && strings.TrimSpace(c.Data) == "" {
			e.RemoveChildAt(i)
		}
	}
	for _, c := range e.ChildElements() {
		stripWhitespace(c)
	}
}
