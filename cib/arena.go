package cib

import (
	"cmp"
	"slices"
	"unsafe"
	"weak"

	"github.com/beevik/etree"
)

// arena allocates a document's elements in blocks, each beside the source
// record of the text it was parsed from: a parsed element then costs no
// allocation of its own, and no index entry either. An element's node is
// found from the element's address (the element is the node's first
// field): the blocks' address ranges are kept sorted, and Go's heap does
// not move objects.
type arena struct {
	last  *block // the block being filled
	spans []span // every block's address range, sorted by start
}

// node is an element with its source record.
type node struct {
	e   etree.Element // first, so that &n.e is n's address
	src source
	has bool // src is set
}

type block struct {
	nodes []node
	used  int
}

// span is the address range [lo, hi) of one block's nodes. It does not
// keep them alive (a subtree removed from the document, its status say,
// is freed with its block): a weak pointer tells whether the block still
// is, since its memory, once freed, may hold another element.
type span struct {
	lo, hi uintptr
	block  weak.Pointer[node]
}

const (
	firstBlock = 16   // nodes in the first block, so small documents stay small
	maxBlock   = 4096 // nodes in a block at most
	nodeSize   = unsafe.Sizeof(node{})
)

// element returns a new element in the arena.
func (a *arena) element() *node {
	if a.last == nil || a.last.used == len(a.last.nodes) {
		size := firstBlock
		if a.last != nil {
			size = min(2*len(a.last.nodes), maxBlock)
		}
		a.last = &block{nodes: make([]node, size)}
		// The new block may lie where a freed one was: spans of freed
		// blocks go first.
		a.spans = slices.DeleteFunc(a.spans, func(s span) bool { return s.block.Value() == nil })
		lo := uintptr(unsafe.Pointer(&a.last.nodes[0]))
		i, _ := slices.BinarySearchFunc(a.spans, lo, func(s span, p uintptr) int { return cmp.Compare(s.lo, p) })
		a.spans = slices.Insert(a.spans, i, span{lo, lo + uintptr(size)*nodeSize, weak.Make(&a.last.nodes[0])})
	}
	n := &a.last.nodes[a.last.used]
	a.last.used++
	return n
}

// find returns the node of e, or nil when e was not allocated here.
func (a *arena) find(e *etree.Element) *node {
	p := uintptr(unsafe.Pointer(e))
	i, found := slices.BinarySearchFunc(a.spans, p, func(s span, p uintptr) int { return cmp.Compare(s.lo, p) })
	if !found {
		i--
	}
	if i < 0 || p >= a.spans[i].hi || (p-a.spans[i].lo)%nodeSize != 0 || a.spans[i].block.Value() == nil {
		return nil
	}
	return (*node)(unsafe.Pointer(e))
}

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
