package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// matchNvpairs reads name=value words (and @ref, $id:name=value, bare
// names unless terms is empty) until a terminator word.
func (p *parser) matchNvpairs(terms []string, minpairs int, allowEmpty bool) []*cib.Element {
	var out []*cib.Element
	for {
		if len(out) > 0 {
			p.at(out[len(out)-1], p.toks[p.cur-1])
		}
		t, ok := p.current()
		switch {
		case ok && isTerminator(t, terms):
		case p.tryMatch(reNvpairRef()):
			p.refAt(p.matched(1), p.toks[p.cur-1])
			e := newElem("nvpair", "id-ref", p.matched(1))
			maybeSetPresent(e, "name", p.last, 2)
			out = append(out, e)
			continue
		case p.tryMatch(reNvpairID()):
			name := p.matched(1)
			if p.last[2] != "" {
				name = p.matched(2)
			}
			out = append(out, newElem("nvpair", "id", p.matched(1), "name", name, "value", p.matched(3)))
			continue
		case p.tryMatch(reNvpair()):
			if !allowEmpty && p.matched(2) == "" {
				p.cur--
				p.fail("Empty value for " + p.matched(1) + " is not allowed")
			}
			out = append(out, newElem("nvpair", "name", p.matched(1), "value", p.matched(2)))
			continue
		case len(terms) > 0 && p.tryMatch(reNvpairKey()):
			out = append(out, newElem("nvpair", "name", p.matched(1)))
			continue
		}
		break
	}
	if len(out) < minpairs {
		p.fail("Expected at least one name-value pair")
	}
	return out
}

// maybeSetPresent sets key from sub-match i when that group matched.
func maybeSetPresent(e *cib.Element, key string, m []string, i int) {
	if i < len(m) && m[i] != "" {
		e.CreateAttr(key, m[i])
	}
}

// matchAttrList reads [$id=<id>] [<score>:] {rule} {nvpair} | $id-ref=<id>.
// With allowEmpty false an empty list gives nil.
func (p *parser) matchAttrList(tag string, allowEmpty bool, terms []string) *cib.Element {
	start := p.toks[max(p.cur-1, 0)]
	xmlid := ""
	if p.tryMatch(reIDSpec()) {
		if p.matched(1) == "$id-ref" {
			p.refAt(p.matched(2), p.toks[p.cur-1])
			return newElem(tag, "id-ref", p.matched(2))
		}
		xmlid = p.matched(2)
	}
	score := ""
	if p.tryMatch(reScore()) {
		score = p.matched(1)
	}
	if terms == nil {
		terms = terminators
	}
	rules := p.matchRules()
	values := p.matchNvpairs(terms, 0, true)
	if !allowEmpty && xmlid == "" && score == "" && len(rules) == 0 && len(values) == 0 {
		return nil
	}
	e := p.at(cib.NewElement(tag), start)
	maybeSet(e, "id", xmlid)
	maybeSet(e, "score", score)
	for _, r := range rules {
		e.AddChild(r)
	}
	for _, v := range values {
		e.AddChild(v)
	}
	return e
}

// nameMap maps the crm keyword of an attribute list to its XML tag.
type nameMap []struct{ cli, tag string }

func (m nameMap) lookup(t string) (string, bool) {
	for _, x := range m {
		if strings.EqualFold(x.cli, t) {
			return x.tag, true
		}
	}
	return "", false
}

// tryListKeyword takes the current word when it names a list in m.
func (p *parser) tryListKeyword(m nameMap) (string, bool) {
	t, ok := p.current()
	if !ok {
		return "", false
	}
	tag, ok := m.lookup(t)
	if ok {
		p.cur++
	}
	return tag, ok
}

// matchAttrLists reads keyword-introduced attribute lists; the first may
// be implicit (its keyword left out) when implicit names a list in m.
func (p *parser) matchAttrLists(out *cib.Element, m nameMap, implicit string, terms []string) {
	if tag, ok := p.tryListKeyword(m); ok {
		out.AddChild(p.matchAttrList(tag, true, terms))
	} else if implicit != "" {
		tag, _ := m.lookup(implicit)
		if e := p.matchAttrList(tag, false, terms); e != nil {
			out.AddChild(e)
		}
	}
	for {
		tag, ok := p.tryListKeyword(m)
		if !ok {
			return
		}
		out.AddChild(p.matchAttrList(tag, true, terms))
	}
}

// matchArguments reads the attribute lists and operations of a resource
// or node, in any order.
func (p *parser) matchArguments(out *cib.Element, m nameMap, withOps bool, implicit string) {
	initial := true
	for p.hasTokens() {
		t, _ := p.current()
		lt := strings.ToLower(t)
		_, isList := m.lookup(t)
		isOp := withOps && (lt == "op" || lt == "operations")
		switch {
		case isOp:
			initial = false
			p.matchOperations(out, lt == "operations")
			p.matchAttrLists(out, m, "", nil)
		case isList:
			initial = false
			p.matchAttrLists(out, m, "", nil)
		case initial:
			initial = false
			p.matchAttrLists(out, m, implicit, nil)
		default:
			return
		}
	}
}

// opAttributes are the <op> attributes of schema pacemaker-3.9; any other
// name given on an op line becomes an op instance attribute.
var opAttributes = []string{"id", "name", "interval", "description", "start-delay", "interval-origin",
	"timeout", "enabled", "record-pending", "role", "on-fail"}

func isOpAttribute(n string) bool {
	for _, a := range opAttributes {
		if strings.EqualFold(a, n) {
			return true
		}
	}
	return false
}

// matchOp reads op <name> {k=v} [op_params ...] [op_meta ...].
func (p *parser) matchOp(ops *cib.Element) {
	start := p.here()
	p.tryWord("op")
	name := p.match(reIdent(), "Expected identifier")
	all := p.matchNvpairs(terminators, 0, true)
	op := p.at(newElem("op", "name", name), start)
	hasInterval := false
	for _, nv := range all {
		if attr(nv, "name") == "interval" {
			hasInterval = true
		}
	}
	if !hasInterval {
		all = append(all, newElem("nvpair", "name", "interval", "value", "0"))
	}
	var inst *cib.Element
	for _, nv := range all {
		n := attr(nv, "name")
		if isOpAttribute(n) {
			if inst != nil {
				p.fail("Attribute order error: " + n + " must appear before any instance attribute")
			}
			op.CreateAttr(n, attr(nv, "value"))
			continue
		}
		if inst == nil {
			inst = cib.NewElement("instance_attributes")
		}
		inst.AddChild(nv)
	}
	if inst != nil {
		op.AddChild(inst)
	}
	p.matchAttrLists(op, nameMap{{"op_params", "instance_attributes"}, {"op_meta", "meta_attributes"}}, "op_params", nil)
	ops.AddChild(op)
}

// matchOperations reads [operations $id=...|$id-ref=...] {op ...}.
func (p *parser) matchOperations(out *cib.Element, withID bool) {
	if withID {
		p.tryWord("operations")
	}
	ops := out.CreateElement("operations")
	if withID {
		p.match(reIDSpec(), "Expected $id-ref=<id> or $id=<id>")
		ops.CreateAttr(strings.ToLower(p.matched(1)[1:]), p.matched(2))
	}
	for {
		t, ok := p.current()
		if !ok || !strings.EqualFold(t, "op") {
			return
		}
		p.matchOp(ops)
	}
}
