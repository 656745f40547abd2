package cib

import (
	"github.com/beevik/etree"
)

// arena allocates a document's elements in blocks, each beside the source
// record of the text it was parsed from: a parsed element then costs no
// allocation of its own. Its source is found through the arena's index.
type arena struct {
	last  *block                   // the block being filled
	nodes map[*etree.Element]*node // every element allocated here
}

// node is an element with its source record.
type node struct {
	e   etree.Element
	src source
	has bool // src is set
}

type block struct {
	nodes []node
	used  int
}

const (
	firstBlock = 16   // nodes in the first block, so small documents stay small
	maxBlock   = 4096 // nodes in a block at most
)

// element returns a new element in the arena.
func (a *arena) element() *node {
	if a.last == nil || a.last.used == len(a.last.nodes) {
		size := firstBlock
		if a.last != nil {
			size = min(2*len(a.last.nodes), maxBlock)
		}
		a.last = &block{nodes: make([]node, size)}
	}
	n := &a.last.nodes[a.last.used]
	a.last.used++
	if a.nodes == nil {
		a.nodes = map[*etree.Element]*node{}
	}
	a.nodes[&n.e] = n
	return n
}

// find returns the node of e, or nil when e was not allocated here.
func (a *arena) find(e *etree.Element) *node { return a.nodes[e] }

// sources maps tokens to their source records: elements through the arena
// (or, for elements made elsewhere, a map), other tokens through a map.
type sources struct {
	arena arena
	el    map[*etree.Element]*source
	other map[etree.Token]*source
}

func newSources() *sources {
	return &sources{el: map[*etree.Element]*source{}, other: map[etree.Token]*source{}}
}

func (s *sources) get(t etree.Token) *source {
	e, ok := t.(*etree.Element)
	if !ok {
		return s.other[t]
	}
	if n := s.arena.find(e); n != nil {
		if n.has {
			return &n.src
		}
		return nil
	}
	return s.el[e]
}

func (s *sources) set(t etree.Token, v *source) {
	e, ok := t.(*etree.Element)
	if !ok {
		s.other[t] = v
		return
	}
	if n := s.arena.find(e); n != nil {
		n.src, n.has = *v, true
		return
	}
	s.el[e] = v
}

// textArena allocates character data tokens in blocks.
type textArena struct {
	free []etree.CharData
	size int
}

func (a *textArena) text(data string) *etree.CharData {
	if len(a.free) == 0 {
		a.size = min(max(2*a.size, firstBlock), maxBlock)
		a.free = make([]etree.CharData, a.size)
	}
	c := &a.free[0]
	a.free = a.free[1:]
	c.Data = data
	return c
}
