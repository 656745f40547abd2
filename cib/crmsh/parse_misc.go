package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// parseProperty reads property|rsc_defaults|op_defaults [<id>:|$id=<id>]
// {rule} <k>=<v> {<k>=<v>}.
func (p *parser) parseProperty() *cib.Element {
	p.minArgs(1)
	kw := strings.ToLower(p.matchAny())
	var root, attrs *cib.Element
	if kw == "property" {
		root = cib.NewElement("cluster_property_set")
		attrs = root
	} else {
		root = cib.NewElement(kw)
		attrs = root.CreateElement("meta_attributes")
	}
	if p.tryMatch(reID()) || p.tryMatch(reIDNew()) {
		attrs.CreateAttr("id", p.matched(1))
	} else if p.tryMatch(reIDSpec()) {
		attrs.CreateAttr(strings.ToLower(p.matched(1)[1:]), p.matched(2))
	}
	for _, r := range p.matchRules() {
		attrs.AddChild(r)
	}
	for _, nv := range p.matchNvpairs(terminators, 0, true) {
		attrs.AddChild(nv)
	}
	return root
}

// level is one fencing level before indexes are given: its target and
// devices.
type level struct {
	kind    string // "node", "attr", "pattern" or "" for every node
	name    string // node name, attribute name or pattern
	value   string // attribute value
	devices string
}

// parseFencing reads fencing_topology ( levels | { target levels } ).
func (p *parser) parseFencing() []level {
	p.matchAny()
	cur := level{}
	var out []level
	for p.hasTokens() {
		switch {
		case p.tryMatch(reTargetAt()):
			cur = level{kind: "attr", name: p.matched(1), value: p.matched(2)}
		case p.tryMatch(reTargetPat()):
			cur = level{kind: "pattern", name: p.matched(1)}
		case p.tryMatch(reTarget()):
			cur = level{kind: "node", name: p.matched(1)}
		default:
			l := cur
			l.devices = p.matchAny()
			out = append(out, l)
		}
	}
	return out
}

// parseTag reads tag <id>[:] <rsc> {<rsc>}.
func (p *parser) parseTag() *cib.Element {
	p.minArgs(2)
	p.matchAny()
	p.match(reTag(), "Expected tag name")
	out := newElem("tag", "id", p.matched(1))
	for p.hasTokens() {
		out.AddChild(newElem("obj_ref", "id", p.matchRef("Expected resource")))
	}
	if len(out.ChildElements()) == 0 {
		p.fail("Expected at least one resource")
	}
	return out
}
