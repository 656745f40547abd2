package pengine

import (
	"encoding/xml"
	"sort"
)

// Editing helpers on the xnode tree of shuffle_test.go.

func newElement(tag string, attrs ...string) *xnode {
	n := &xnode{start: xml.StartElement{Name: xml.Name{Local: tag}}}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.set(attrs[i], attrs[i+1])
	}
	return n
}

// elements collects the elements named tag under n, in document order.
func (n *xnode) elements(tag string, out []*xnode) []*xnode {
	for _, c := range n.children {
		if x, ok := c.(*xnode); ok {
			if x.start.Name.Local == tag {
				out = append(out, x)
			}
			out = x.elements(tag, out)
		}
	}
	return out
}

func (n *xnode) childElements() []*xnode {
	var out []*xnode
	for _, c := range n.children {
		if x, ok := c.(*xnode); ok {
			out = append(out, x)
		}
	}
	return out
}

// child is the first child element named tag, or nil.
func (n *xnode) child(tag string) *xnode {
	for _, c := range n.childElements() {
		if c.start.Name.Local == tag {
			return c
		}
	}
	return nil
}

func (n *xnode) get(name string) string {
	for _, a := range n.start.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *xnode) set(name, value string) {
	for i, a := range n.start.Attr {
		if a.Name.Local == name {
			n.start.Attr[i].Value = value
			return
		}
	}
	n.start.Attr = append(n.start.Attr, xml.Attr{Name: xml.Name{Local: name}, Value: value})
}

func (n *xnode) del(name string) {
	for i, a := range n.start.Attr {
		if a.Name.Local == name {
			n.start.Attr = append(n.start.Attr[:i], n.start.Attr[i+1:]...)
			return
		}
	}
}

// remove drops the direct child c.
func (n *xnode) remove(c *xnode) {
	for i, x := range n.children {
		if x == c {
			n.children = append(n.children[:i], n.children[i+1:]...)
			return
		}
	}
}

// removeDeep drops c wherever it is below n.
func (n *xnode) removeDeep(c *xnode) {
	for _, x := range n.childElements() {
		if x == c {
			n.remove(c)
			return
		}
		x.removeDeep(c)
	}
}

// parentOf finds the element directly holding c.
func (n *xnode) parentOf(c *xnode) *xnode {
	for _, x := range n.childElements() {
		if x == c {
			return n
		}
		if p := x.parentOf(c); p != nil {
			return p
		}
	}
	return nil
}

func sortStrings(s []string) { sort.Strings(s) }
