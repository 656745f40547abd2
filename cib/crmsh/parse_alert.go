package crmsh

import (
	"github.com/executioner-ha/executioner/cib"
)

var alertArgs = nameMap{{"attributes", "instance_attributes"}, {"meta", "meta_attributes"}}

// parseAlert reads alert <id> <path> [description=..] {attributes ..|meta
// ..|select ..|to ..}, as crmsh 4.4.1 does (keywords other than "to" in
// lower case only).
func (p *parser) parseAlert() *cib.Element {
	p.minArgs(2)
	p.matchAny()
	id := p.match(reIdent(), "Expected identifier")
	out := newElem("alert", "id", id, "path", p.matchAny())
	p.tryDescription(out)
	n := 0
	for p.hasTokens() {
		t, _ := p.current()
		switch t {
		case "attributes", "meta":
			p.matchKeywordLists(out, alertArgs, []string{"attributes", "meta", "to", "select"})
		case "select":
			p.cur++
			p.alertSelect(out)
		default:
			n++
			out.AddChild(p.recipient(id, n))
		}
	}
	return out
}

// matchKeywordLists reads attribute lists that each start with their
// keyword, with the given words ending a list's name=value pairs.
func (p *parser) matchKeywordLists(out *cib.Element, m nameMap, terms []string) {
	for {
		tag, ok := p.tryListKeyword(m)
		if !ok {
			return
		}
		out.AddChild(p.matchAttrList(tag, true, terms))
	}
}

var selectors = []string{"nodes", "fencing", "resources", "attributes"}

// alertSelect reads the selectors after "select": a new <select> each
// time, none at all when no selector follows ("select attributes" without
// a brace leaves "attributes" to start an attribute list).
func (p *parser) alertSelect(out *cib.Element) {
	var sel *cib.Element
	for {
		t, ok := p.current()
		if !ok || !isOneOf(t, selectors) {
			return
		}
		name := p.match(reIdent(), "Expected identifier")
		if name == "attributes" && !p.tryWord("{") {
			p.cur--
			return
		}
		if sel == nil {
			sel = out.CreateElement("select")
		}
		tag := sel.CreateElement("select_" + name)
		if name != "attributes" {
			continue
		}
		for {
			if t, ok := p.current(); ok && t == "}" {
				break
			}
			tag.AddChild(newElem("attribute", "name", p.match(reIdent(), "Expected identifier")))
		}
		p.cur++
	}
}

// recipient reads to [{] <value> [description=..] [attributes ..] [meta ..] [}].
func (p *parser) recipient(alert string, n int) *cib.Element {
	kw := p.here()
	if !p.tryWord("to") {
		p.fail("Expected to")
	}
	brace := p.tryWord("{")
	out := p.at(newElem("recipient", "id", alert+"-recipient-"+itoa(n), "value", p.matchAny()), kw)
	p.tryDescription(out)
	terms := []string{"attributes", "meta", "to"}
	if brace {
		terms = append(terms, "}")
	}
	p.matchKeywordLists(out, alertArgs, terms)
	if brace && !p.tryWord("}") {
		p.fail("Expected }")
	}
	return out
}
