package pengine

import (
	"bytes"
	"encoding/xml"
	"io"
	"math/rand"
)

// xnode is a minimal XML tree for tests that rearrange documents.
type xnode struct {
	start    xml.StartElement
	children []any // *xnode or xml.CharData / xml.Comment / xml.ProcInst
}

func parseTree(data []byte) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	root := &xnode{}
	stack := []*xnode{root}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &xnode{start: tk.Copy()}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.children = append(top.children, tk.Copy())
		}
	}
	return root, nil
}

func (n *xnode) write(e *xml.Encoder) error {
	for _, c := range n.children {
		switch c := c.(type) {
		case *xnode:
			if err := e.EncodeToken(c.start); err != nil {
				return err
			}
			if err := c.write(e); err != nil {
				return err
			}
			if err := e.EncodeToken(c.start.End()); err != nil {
				return err
			}
		case xml.CharData:
			if err := e.EncodeToken(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (n *xnode) bytes() []byte {
	var b bytes.Buffer
	e := xml.NewEncoder(&b)
	if err := n.write(e); err != nil {
		panic(err)
	}
	if err := e.Flush(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// shuffleChildren permutes, under every element whose name is in tags,
// the order of its child elements.
func (n *xnode) shuffleChildren(rng *rand.Rand, tags map[string]bool) {
	var elems []int
	for i, c := range n.children {
		if x, ok := c.(*xnode); ok {
			x.shuffleChildren(rng, tags)
			elems = append(elems, i)
		}
	}
	if !tags[n.start.Name.Local] {
		return
	}
	perm := rng.Perm(len(elems))
	moved := make([]any, len(elems))
	for i, p := range perm {
		moved[i] = n.children[elems[p]]
	}
	for i, idx := range elems {
		n.children[idx] = moved[i]
	}
}
