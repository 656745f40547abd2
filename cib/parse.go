package cib

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// maxDepth bounds element nesting so hostile input cannot exhaust the stack
// of the recursive writers and walkers.
const maxDepth = 256

// bom is the UTF-8 byte order mark, allowed before the document.
const bom = "\xef\xbb\xbf"

// source is the text a token was parsed from, with what it meant then, so
// the writer can tell whether the token changed since.
type source struct {
	text  string // the token exactly as written (an element's start tag)
	tag   string // an element's tag as parsed
	end   string // an element's end tag; empty for <x/>
	line  int    // line the token starts on
	data  string // character data, comment, directive or PI content
	empty bool   // element written as <x/>
}

// parser reads a document in one pass, checking that it is well-formed
// XML 1.0 with namespaces (a document type declaration is refused, so
// the only entities are the five predefined ones), and builds the etree
// tree with the source text of every token.
type parser struct {
	s        string
	pos      int
	line     int // line number at lineOff
	lineOff  int
	doc      *Document
	stack    []openElement // stack[0] is the document node
	ns       []nsBinding
	roots    int
	slab     []source // source records of tokens other than elements
	slabSize int
	texts    textArena
	attrs    []etree.Attr  // scratch for the attributes of one start tag
	attrSlab []etree.Attr  // where elements' attribute lists are carved from
	pending  []etree.Token // children of the open elements, innermost last
	buf      []byte        // scratch for decoded text
	// dropBlank leaves out whitespace-only text inside the root.
	dropBlank bool
}

type openElement struct {
	e     *etree.Element
	n     *node  // e's arena node, with its source record; nil for the document node
	name  string // the qualified name as written
	first int    // where its children start in the parser's pending list
}

// add records t as the next child of the innermost open element. Children
// wait in one list until their parent ends (see adopt), so that each
// element gets a child slice of exactly the right size.
func (p *parser) add(t etree.Token) etree.Token {
	p.pending = append(p.pending, t)
	return t
}

// adopt gives the innermost open element the children added since it began.
func (p *parser) adopt() {
	o := p.top()
	kids := p.pending[o.first:]
	o.e.Child = make([]etree.Token, 0, len(kids))
	for _, k := range kids {
		o.e.AddChild(k)
	}
	clear(kids)
	p.pending = p.pending[:o.first]
}

// parseXML parses data in time and memory linear in its size.
func parseXML(data string, dropBlank bool) (*Document, error) {
	doc := &Document{tree: etree.NewDocument(), src: newSources()}
	p := &parser{s: data, doc: doc, line: 1, dropBlank: dropBlank}
	// The arena's index is sized once for the elements data can hold (its
	// start tags: every "<" but end tags), not grown and rehashed.
	doc.src.arena.nodes = make(map[*etree.Element]*node, strings.Count(data, "<")-strings.Count(data, "</"))
	p.stack = append(p.stack, openElement{e: &doc.tree.Element})
	if err := p.run(); err != nil {
		return nil, err
	}
	return doc, nil
}

func (p *parser) run() error {
	if strings.HasPrefix(p.s, bom) {
		p.doc.bom = true
		p.pos = len(bom)
	}
	if p.atDecl() {
		if err := p.decl(); err != nil {
			return err
		}
	}
	for p.pos < len(p.s) {
		var err error
		if p.s[p.pos] == '<' {
			err = p.markup()
		} else {
			err = p.text()
		}
		if err != nil {
			return err
		}
	}
	// Errors at the end of the input name the line after a final newline,
	// as xmllint does.
	if p.roots == 0 {
		return p.fail(len(p.s), "no root element")
	}
	if len(p.stack) > 1 {
		return p.fail(len(p.s), "unexpected end of input inside <%s>", p.top().name)
	}
	p.adopt()
	return nil
}

// lineAt returns the line of offset pos, which must not be before the last
// offset asked for.
func (p *parser) lineAt(pos int) int {
	p.line += strings.Count(p.s[p.lineOff:pos], "\n")
	p.lineOff = pos
	return p.line
}

func (p *parser) fail(pos int, format string, args ...any) error {
	return &SyntaxError{Line: p.lineAt(min(pos, len(p.s))), Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) top() *openElement { return &p.stack[len(p.stack)-1] }

// inRoot reports whether the parser is inside the root element.
func (p *parser) inRoot() bool { return len(p.stack) > 1 }

// newSource returns a fresh source record for t, allocated in blocks.
func (p *parser) newSource(t etree.Token, start int) *source {
	if len(p.slab) == 0 {
		p.slabSize = min(max(2*p.slabSize, firstBlock), maxBlock)
		p.slab = make([]source, p.slabSize)
	}
	s := &p.slab[0]
	p.slab = p.slab[1:]
	s.text = p.s[start:p.pos]
	s.line = p.lineAt(start)
	p.doc.src.set(t, s)
	return s
}

func (p *parser) markup() error {
	rest := p.s[p.pos:]
	switch {
	case strings.HasPrefix(rest, "</"):
		return p.endTag()
	case strings.HasPrefix(rest, "<!--"):
		return p.comment()
	case strings.HasPrefix(rest, "<![CDATA["):
		return p.cdata()
	case strings.HasPrefix(rest, "<!DOCTYPE"):
		return p.fail(p.pos, "a document type declaration (<!DOCTYPE>) is not accepted")
	case strings.HasPrefix(rest, "<!"):
		return p.fail(p.pos, "invalid markup %q", prefix(rest, 10))
	case strings.HasPrefix(rest, "<?"):
		return p.procInst()
	}
	return p.startTag()
}

func (p *parser) startTag() error {
	start := p.pos
	if !p.inRoot() && p.roots > 0 {
		return p.fail(start, "content after the root element")
	}
	if len(p.stack) > maxDepth {
		return p.fail(start, "elements nested deeper than %d", maxDepth)
	}
	p.pos++
	name, err := p.name("an element name")
	if err != nil {
		return err
	}
	if err := p.attributes(name); err != nil {
		return err
	}
	empty := p.s[p.pos] == '/'
	if empty {
		p.pos++
	}
	p.pos++
	space, local, ok := splitQName(name)
	if !ok {
		return p.fail(start, "element name %q is not a valid qualified name", name)
	}
	n := p.doc.src.arena.element()
	e := &n.e
	e.Space, e.Tag, e.Attr = space, local, p.keepAttrs()
	if err := p.bindNamespaces(e, start); err != nil {
		return err
	}
	if !p.inRoot() {
		p.roots++
	}
	p.add(e)
	n.src = source{text: p.s[start:p.pos], tag: name, line: p.lineAt(start), empty: true}
	n.has = true
	if empty {
		p.unbindNamespaces(len(p.stack))
		return nil
	}
	p.stack = append(p.stack, openElement{e: e, n: n, name: name, first: len(p.pending)})
	return nil
}

// attrSlabSize is how many attributes one slab holds: a slab is one
// allocation instead of one per element.
const attrSlabSize = 2048

// keepAttrs returns a copy of the scratch attributes, carved from a slab
// with its capacity cut to its length, so that an attribute added later
// to one element reallocates that element's list instead of writing over
// the next element's.
func (p *parser) keepAttrs() []etree.Attr {
	n := len(p.attrs)
	if n == 0 {
		return nil
	}
	if cap(p.attrSlab)-len(p.attrSlab) < n {
		p.attrSlab = make([]etree.Attr, 0, max(attrSlabSize, n))
	}
	start := len(p.attrSlab)
	p.attrSlab = append(p.attrSlab, p.attrs...)
	return p.attrSlab[start:len(p.attrSlab):len(p.attrSlab)]
}

func (p *parser) endTag() error {
	start := p.pos
	p.pos += 2
	name, err := p.name("an element name")
	if err != nil {
		return err
	}
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '>' {
		return p.fail(p.pos, "end tag </%s> is not closed by >", name)
	}
	p.pos++
	if !p.inRoot() || p.top().name != name {
		return p.fail(start, "unexpected end element </%s>", name)
	}
	s := &p.top().n.src
	s.end, s.empty = p.s[start:p.pos], false
	p.unbindNamespaces(len(p.stack) - 1)
	p.adopt()
	p.stack = p.stack[:len(p.stack)-1]
	return nil
}

func (p *parser) text() error {
	start := p.pos
	if !p.inRoot() {
		for p.pos < len(p.s) && isSpace(p.s[p.pos]) {
			p.pos++
		}
		if p.pos < len(p.s) && p.s[p.pos] != '<' {
			if p.roots == 0 {
				return p.fail(p.pos, "text before the root element")
			}
			return p.fail(p.pos, "content after the root element")
		}
		p.addText(start, normalizeNewlines(p.s[start:p.pos]))
		return nil
	}
	data, err := p.charData()
	if err != nil {
		return err
	}
	if p.dropBlank && strings.TrimSpace(data) == "" {
		return nil
	}
	p.addText(start, data)
	return nil
}

// addText adds character data read from p.s[start:p.pos]. White space
// written plainly gets no source record: the writer gives the same text.
func (p *parser) addText(start int, data string) {
	c := p.add(p.texts.text(data))
	if data != p.s[start:p.pos] || !allSpace(data) {
		p.newSource(c, start).data = data
	}
}

func (p *parser) cdata() error {
	start := p.pos
	if !p.inRoot() {
		return p.fail(start, "a CDATA section outside the root element")
	}
	raw, err := p.section(start, "<![CDATA[", "]]>", "a CDATA section")
	if err != nil {
		return err
	}
	data := normalizeNewlines(raw)
	p.newSource(p.add(etree.NewCData(data)), start).data = data
	return nil
}

// section reads from open (at start) up to the next close, checks that
// what is in between is made of XML characters, and moves past close.
func (p *parser) section(start int, open, close, what string) (string, error) {
	p.pos = start + len(open)
	end := strings.Index(p.s[p.pos:], close)
	if end < 0 {
		return "", p.fail(start, "unterminated %s", strings.TrimPrefix(what, "a "))
	}
	body := p.s[p.pos : p.pos+end]
	if i := badChar(body); i >= 0 {
		return "", p.fail(p.pos+i, "in %s: %s", what, charError(body[i:]))
	}
	p.pos += end + len(close)
	return body, nil
}

func (p *parser) comment() error {
	start := p.pos
	body, err := p.section(start, "<!--", "--", "a comment")
	if err != nil {
		return err
	}
	if p.pos >= len(p.s) || p.s[p.pos] != '>' {
		return p.fail(p.pos-2, `"--" inside a comment`)
	}
	p.pos++
	data := normalizeNewlines(body)
	p.newSource(p.add(etree.NewComment(data)), start).data = data
	return nil
}

func (p *parser) procInst() error {
	start := p.pos
	p.pos += 2
	target, err := p.name("a processing instruction target")
	if err != nil {
		return err
	}
	switch {
	case target == "xml":
		return p.fail(start, "an XML declaration is allowed only at the very start of the document")
	case strings.EqualFold(target, "xml"):
		return p.fail(start, "processing instruction target %q is reserved", target)
	}
	if strings.Contains(target, ":") {
		return p.fail(start, "processing instruction target %q contains a colon", target)
	}
	inst := ""
	if !strings.HasPrefix(p.s[p.pos:], "?>") {
		if !p.skipSpace() {
			return p.fail(p.pos, "processing instruction <?%s must be followed by white space or ?>", target)
		}
		end := strings.Index(p.s[p.pos:], "?>")
		if end < 0 {
			return p.fail(start, "unterminated processing instruction <?%s", target)
		}
		inst = p.s[p.pos : p.pos+end]
		if i := badChar(inst); i >= 0 {
			return p.fail(p.pos+i, "in processing instruction <?%s: %s", target, charError(inst[i:]))
		}
		p.pos += end
	}
	p.pos += 2
	inst = normalizeNewlines(inst)
	p.newSource(p.add(etree.NewProcInst(target, inst)), start).data = target + " " + inst
	return nil
}

// splitQName splits a qualified name into prefix and local part; ok is
// false for a name with more than one colon or an empty part.
func splitQName(name string) (space, local string, ok bool) {
	i := strings.IndexByte(name, ':')
	if i < 0 {
		return "", name, true
	}
	space, local = name[:i], name[i+1:]
	if space == "" || local == "" || strings.IndexByte(local, ':') >= 0 {
		return "", "", false
	}
	return space, local, true
}

// normalizeNewlines turns CR LF and lone CR into LF, as an XML processor
// must before anything else.
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ParseElement parses one XML element, such as the input of an edit, and
// returns it detached from any document. Whitespace-only text inside it is
// dropped, as Pacemaker drops it from update input.
func ParseElement(data []byte) (*etree.Element, error) {
	d, err := parseXML(string(data), true)
	if err != nil {
		return nil, err
	}
	root := d.tree.Root()
	d.tree.RemoveChild(root)
	return root, nil
}
