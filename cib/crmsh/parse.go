package crmsh

import (
	"fmt"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// Object is one parsed configuration object: the element crmsh would
// build for it (before ids are generated), or the levels of a fencing
// topology, which need the node list of the CIB to become XML.
type Object struct {
	// Kind is the crm keyword: node, primitive, rsc_template, group, clone,
	// ms, bundle, location, colocation, order, rsc_ticket, property,
	// rsc_defaults, op_defaults, fencing_topology, tag, role, user,
	// acl_target, acl_group, alert, or op for a monitor line.
	Kind     string
	Elem     *cib.Element // nil for a fencing_topology given as text
	Comments []string     // comment lines that came before the object, "#" included
	File     string       // name of the input it came from
	Line     int          // line the object starts on
	Col      int          // column of the object's first word
	levels   []level
	raw      bool           // given as an xml line: containers hold copies of their resources
	refs     map[string]pos // where each id the object refers to was written
	elemPos  map[*cib.Element]pos
	words    []token // the words of the line, to read a role again in the old syntax
	end      pos
	reparse  func(*parser) *cib.Element
}

// posOfElem returns where the element (or the nearest ancestor the parser
// placed) was written, or where the object refers to what the element
// names.
func (o *Object) posOfElem(e *cib.Element, ref string) (int, int) {
	for x := e; x != nil; x = x.Parent() {
		if p, ok := o.elemPos[x]; ok {
			if r, ok := o.refs[ref]; ok && ref != "" {
				return r.line, r.col
			}
			return p.line, p.col
		}
	}
	return o.posOf(ref)
}

// posOf returns where the object refers to id, or where it starts.
func (o *Object) posOf(id string) (int, int) {
	if p, ok := o.refs[id]; ok {
		return p.line, p.col
	}
	return o.Line, o.Col
}

// ID is the object's id as crmsh names it: the element id, the node id
// or uname, the default set ids, or "fencing_topology".
func (o *Object) ID() string {
	switch o.Kind {
	case "fencing_topology":
		return "fencing_topology"
	case "node":
		if id := attr(o.Elem, "id"); id != "" {
			return id
		}
		return attr(o.Elem, "uname")
	case "property":
		if o.Elem == nil {
			return "cib-bootstrap-options"
		}
		return defaultID(attr(o.Elem, "id"), "cib-bootstrap-options")
	case "rsc_defaults":
		return defaultID(attr(o.Elem.SelectElement("meta_attributes"), "id"), "rsc-options")
	case "op_defaults":
		return defaultID(attr(o.Elem.SelectElement("meta_attributes"), "id"), "op-options")
	}
	return attr(o.Elem, "id")
}

func defaultID(id, dflt string) string {
	if id == "" {
		return dflt
	}
	return id
}

// Parse reads crm configuration text. file names the input in errors.
func Parse(src []byte, file string) ([]*Object, error) {
	var out []*Object
	var comments []string
	for _, l := range splitLines(string(src)) {
		l = asciiRefs(l)
		if strings.HasPrefix(l.text, "#") {
			comments = append(comments, l.text)
			continue
		}
		o, err := parseLine(l, file)
		if err != nil {
			return nil, err
		}
		o.Comments = comments
		comments = nil
		out = append(out, o)
	}
	return out, nil
}

// ParseLine reads one command given as words (as on a command line).
func ParseLine(words []string) (*Object, error) {
	l := logicalLine{}
	toks := make([]token, len(words))
	for i, w := range words {
		toks[i] = token{val: w, pos: pos{1, i + 1}}
	}
	return parseTokens(toks, l, "<command line>")
}

func parseLine(l logicalLine, file string) (*Object, error) {
	if isXMLLine(l.text) {
		return parseTokens(splitFields(l), l, file)
	}
	toks, err := shlexSplit(l, file)
	if err != nil {
		return nil, err
	}
	return parseTokens(toks, l, file)
}

func parseTokens(toks []token, l logicalLine, file string) (o *Object, err error) {
	if len(toks) == 0 {
		p := l.posOf(0)
		return nil, &SyntaxError{File: file, Line: p.line, Col: p.col, Msg: "empty command"}
	}
	end := l.posOf(len(l.text))
	if len(l.text) == 0 {
		last := toks[len(toks)-1]
		end = pos{last.pos.line, last.pos.col + len(last.val)}
	}
	p := &parser{file: file, toks: toks, end: end, refs: map[string]pos{}, elems: map[*cib.Element]pos{}}
	defer catch(&err)
	kw := strings.ToLower(toks[0].val)
	o = &Object{Kind: kw, File: file, Line: toks[0].pos.line, Col: toks[0].pos.col, refs: p.refs, elemPos: p.elems, words: toks, end: end}
	p.dispatch(o, kw)
	p.checkRest()
	return o, nil
}

// checkRest fails when words are left over.
func (p *parser) checkRest() {
	if p.hasTokens() {
		var rest []string
		for _, t := range p.toks[p.cur:] {
			rest = append(rest, redact(t.val))
		}
		p.fail("Unknown arguments: " + strings.Join(rest, " "))
	}
}

// catch turns a parse failure raised in the recursive descent into the
// error of the function that deferred it (whose other results its callers
// then ignore).
func catch(err *error) {
	if r := recover(); r != nil {
		f, ok := r.(failure)
		if !ok {
			panic(r)
		}
		*err = f.err
	}
}

// reread parses an object's words again with its reparse function (the
// old ACL syntax).
func (o *Object) reread() (e *cib.Element, err error) {
	p := &parser{file: o.File, toks: o.words, end: o.end, refs: o.refs, elems: o.elemPos}
	defer catch(&err)
	e = o.reparse(p)
	p.checkRest()
	return e, nil
}

// redact hides the value of a name=value word whose name looks like a
// password, for error messages.
func redact(w string) string {
	k, _, ok := strings.Cut(w, "=")
	if ok && strings.Contains(strings.ToLower(k), "passw") {
		return k + "=******"
	}
	return w
}

// dispatch parses the line according to its first word.
func (p *parser) dispatch(o *Object, kw string) {
	switch kw {
	case "node":
		o.Elem = p.parseNode()
	case "primitive", "group", "clone", "rsc_template":
		o.Elem = p.parseResource()
	case "ms", "master":
		o.Kind = "ms"
		o.Elem = p.parseResource()
	case "location", "order", "rsc_ticket":
		o.Elem = p.parseConstraint()
	case "colocation", "collocation":
		o.Kind = "colocation"
		o.Elem = p.parseConstraint()
	case "property", "rsc_defaults", "op_defaults":
		o.Elem = p.parseProperty()
	case "fencing_topology", "fencing-topology":
		o.Kind = "fencing_topology"
		o.levels = p.parseFencing()
	case "tag":
		o.Elem = p.parseTag()
	case "bundle":
		p.minArgs(2)
		p.matchAny()
		o.Elem = p.parseBundle()
	case "monitor":
		o.Kind = "op"
		o.Elem = p.parseMonitor()
	case "role", "user", "acl_target", "acl_group":
		o.Elem = p.parseACL(o)
	case "alert":
		o.Elem = p.parseAlert()
	case "xml":
		o.Elem = p.parseXML(o)
	default:
		p.failAt(p.toks[0], fmt.Sprintf("unknown command %q: expected node, primitive, group, clone, ms, bundle, "+
			"location, colocation, order, rsc_ticket, property, rsc_defaults, op_defaults, fencing_topology, "+
			"rsc_template, tag, monitor, role, acl_target, acl_group, user, alert or xml", p.toks[0].val))
	}
}
