package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// setParser reads resource sets: words, ( ) for sequential=false,
// [ ] for require-all=false, sequential= and require-all= words; a change
// of role or action starts a new set.
type setParser struct {
	p          *parser
	q          string // "role" or "action"
	out        []*cib.Element
	set        *cib.Element
	prevQ      string
	currAttr   string
	opened     string
	sequential bool
	requireAll bool
}

// splitBrackets splits a leading opening or a trailing closing bracket off
// a word, once, as crmsh does.
func splitBrackets(toks []token) []token {
	var out []token
	for _, t := range toks {
		v := t.val
		switch {
		case len(v) > 1 && (v[0] == '(' || v[0] == '['):
			out = append(out, token{v[:1], t.pos}, token{v[1:], pos{t.pos.line, t.pos.col + 1}})
		case len(v) > 1 && (v[len(v)-1] == ')' || v[len(v)-1] == ']'):
			out = append(out, token{v[:len(v)-1], t.pos}, token{v[len(v)-1:], pos{t.pos.line, t.pos.col + len(v) - 1}})
		default:
			out = append(out, t)
		}
	}
	return out
}

func (p *parser) resourceSets(q string, toks []token) []*cib.Element {
	s := &setParser{p: p, q: q, sequential: true, requireAll: true}
	s.reset()
	toks = splitBrackets(toks)
	for _, t := range toks {
		s.word(t)
	}
	if s.opened != "" {
		p.failAt(toks[len(toks)-1], "Unmatched opening bracket")
	}
	if len(s.set.ChildElements()) > 0 {
		s.save()
	}
	return s.out
}

func (s *setParser) reset() {
	s.set = cib.NewElement("resource_set")
	s.prevQ = ""
	s.currAttr = ""
}

func (s *setParser) save() {
	if len(s.set.ChildElements()) == 0 {
		return
	}
	if !s.requireAll {
		s.set.CreateAttr("require-all", "false")
	}
	if !s.sequential {
		s.set.CreateAttr("sequential", "false")
	}
	if s.currAttr != "" {
		s.set.CreateAttr(s.currAttr, s.prevQ)
	}
	s.out = append(s.out, s.set)
	s.reset()
}

func (s *setParser) word(t token) {
	v := t.val
	switch {
	case v == "_rsc_set_":
	case v == "(" || v == "[":
		s.save()
		if s.opened != "" {
			s.p.failAt(t, "Cannot nest resource sets")
		}
		s.sequential = false
		if v == "[" {
			s.requireAll = false
		}
		s.opened = v
	case v == ")" || v == "]":
		if len(s.set.ChildElements()) == 0 {
			s.p.failAt(t, "Empty resource set")
		}
		s.save()
		if s.opened == "" {
			s.p.failAt(t, "Unmatched closing bracket")
		}
		if (s.opened == "(") != (v == ")") {
			s.p.failAt(t, "Mismatched closing bracket")
		}
		s.sequential, s.requireAll, s.opened = true, true, ""
	case strings.Contains(v, "="):
		s.attr(t)
	default:
		s.ref(t)
	}
}

func (s *setParser) attr(t token) {
	kv := strings.Split(t.val, "=")
	if len(kv) != 2 {
		s.p.failAt(t, "Extra = in "+redact(t.val))
	}
	if kv[0] != "sequential" && kv[0] != "require-all" {
		s.p.failAt(t, "Unknown attribute")
	}
	b, ok := parseBool(kv[1])
	if !ok {
		s.p.failAt(t, "Not a boolean: "+kv[1])
	}
	if kv[0] == "sequential" {
		s.sequential = b
	} else {
		s.requireAll = b
	}
}

func (s *setParser) ref(t token) {
	rsc, q := t.val, ""
	if l := strings.Split(t.val, ":"); len(l) == 2 {
		list := roleNames
		if s.q == "action" {
			list = actionNames
		}
		rsc, q = l[0], canon(l[1], list)
		if q == "" {
			s.p.failAt(t, "Invalid "+s.q+" for "+t.val)
		}
	}
	if q != s.prevQ {
		s.save()
		s.prevQ = q
	}
	if q != "" {
		if s.currAttr == "" {
			s.currAttr = s.q
		}
	} else {
		s.currAttr = ""
	}
	s.p.refAt(rsc, t)
	s.set.AddChild(newElem("resource_ref", "id", rsc))
}

// parseBool accepts crmsh's boolean spellings.
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "yes", "on", "1":
		return true, true
	case "false", "no", "off", "0":
		return false, true
	}
	return false, false
}
