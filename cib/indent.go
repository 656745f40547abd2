package cib

import (
	"strings"

	"github.com/beevik/etree"
)

// The edit paths add elements where the document is indented, so the file
// stays readable: a new child goes after its last sibling with the same
// indentation, and its own children are indented one step (two spaces)
// deeper. Documents without line breaks between elements stay on one line.

// indentBefore returns the whitespace text right before child t of parent
// when it contains a line break, else "".
func indentBefore(parent *etree.Element, t etree.Token) string {
	i := t.Index()
	if i <= 0 {
		return ""
	}
	if c, ok := parent.Child[i-1].(*etree.CharData); ok && !c.IsCData() && strings.TrimSpace(c.Data) == "" && strings.Contains(c.Data, "\n") {
		return c.Data
	}
	return ""
}

// placeChild appends child to parent, indented like its siblings.
func placeChild(parent, child *etree.Element) {
	kids := parent.ChildElements()
	if len(kids) > 0 {
		last := kids[len(kids)-1]
		ws := indentBefore(parent, last)
		parent.InsertChildAt(last.Index()+1, child)
		if ws != "" {
			parent.InsertChildAt(child.Index(), etree.NewText(ws))
			indentTree(child, ws)
		}
		return
	}
	gp := parent.Parent()
	if gp == nil {
		parent.AddChild(child)
		return
	}
	ws := indentBefore(gp, parent)
	if ws == "" || len(parent.Child) > 0 {
		parent.AddChild(child)
		return
	}
	parent.AddChild(etree.NewText(ws + "  "))
	parent.AddChild(child)
	parent.AddChild(etree.NewText(ws))
	indentTree(child, ws+"  ")
}

// indentTree indents the element-only content of e, whose own line starts
// with ws.
func indentTree(e *etree.Element, ws string) {
	if len(e.Child) == 0 {
		return
	}
	for _, t := range e.Child {
		if _, ok := t.(*etree.Element); !ok {
			return // mixed content: leave it alone
		}
	}
	for _, c := range e.ChildElements() {
		e.InsertChildAt(c.Index(), etree.NewText(ws+"  "))
		indentTree(c, ws+"  ")
	}
	e.AddChild(etree.NewText(ws))
}
