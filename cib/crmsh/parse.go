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
	Kind     string       // crm keyword: node, primitive, rsc_template, group, clone, ms, location, colocation, order, property, rsc_defaults, op_defaults, fencing_topology, tag
	Elem     *cib.Element // nil for fencing_topology
	Comments []string     // comment lines that came before the object, "#" included
	File     string       // name of the input it came from
	Line     int          // line the object starts on
	levels   []level
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
// It takes time linear in len(src): the lexer keeps positions as runs and
// each statement is parsed once.
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
	p := &parser{file: file, toks: toks, end: end}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			o, err = nil, f.err
		}
	}()
	kw := strings.ToLower(toks[0].val)
	o = &Object{Kind: kw, File: file, Line: toks[0].pos.line}
	p.dispatch(o, kw)
	if p.hasTokens() {
		var rest []string
		for _, t := range p.toks[p.cur:] {
			rest = append(rest, redact(t.val))
		}
		p.fail("Unknown arguments: " + strings.Join(rest, " "))
	}
	return o, nil
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
	default:
		p.failAt(p.toks[0], fmt.Sprintf("unknown command %q: expected node, primitive, group, clone, ms, location, colocation, order, property, rsc_defaults, op_defaults, fencing_topology, rsc_template, rsc_ticket or tag", p.toks[0].val))
	}
}
