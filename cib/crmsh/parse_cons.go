package crmsh

import (
	"regexp"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

var (
	roleNames   = []string{"Stopped", "Started", "Promoted", "Unpromoted", "Master", "Slave"}
	actionNames = []string{"start", "promote", "demote", "stop"}
	reRscPat    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^/(.+)/$`) })
	reNodeAttr  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^node-attribute=(.+)$`) })
	reSymm      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^symmetrical=(true|false|yes|no|on|off)$`) })
	reKindWord  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(Optional|Mandatory|Serialize):$`) })
)

// canon returns the entry of list equal to s ignoring case, or "".
func canon(s string, list []string) string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x
		}
	}
	return ""
}

// parseConstraint dispatches location, colocation and order.
func (p *parser) parseConstraint() *cib.Element {
	p.minArgs(2)
	switch strings.ToLower(p.matchAny()) {
	case "location":
		return p.parseLocation()
	case "order":
		return p.parseOrder()
	case "rsc_ticket":
		return p.parseTicket()
	default:
		return p.parseColocation()
	}
}

func (p *parser) parseLocation() *cib.Element {
	out := newElem("rsc_location", "id", p.match(reIdent(), "Expected identifier"))
	switch {
	case p.tryMatch(reRscPat()):
		out.CreateAttr("rsc-pattern", p.matched(1))
	case p.tryWord("{"):
		open := p.toks[p.cur-1]
		var toks []token
		for p.hasTokens() && p.toks[p.cur].val != "}" {
			toks = append(toks, p.toks[p.cur])
			p.cur++
		}
		if !p.tryWord("}") {
			p.fail("Expected }")
		}
		if len(toks) == 0 {
			p.failAt(open, "Empty resource set")
		}
		for _, s := range p.resourceSets("role", toks) {
			out.AddChild(s)
		}
	default:
		out.CreateAttr("rsc", p.matchRef("Expected resource"))
	}
	for p.tryMatch(reAttr()) {
		p.refAt("@"+p.matched(1), p.toks[p.cur-1])
		out.CreateAttr(p.matched(1), p.matched(2))
	}
	if p.tryMatch(reScore()) {
		k, v := p.validateScore(p.matched(1), false, false)
		out.CreateAttr(k, v)
		out.CreateAttr("node", p.match(reIdent(), "Expected identifier"))
		if !hasAttr(out, "role") && (p.tryMatch(reRole()) || p.tryMatch(reRole2())) {
			out.CreateAttr("role", p.matched(1))
		}
		return out
	}
	rules := p.matchRules()
	if len(rules) == 0 {
		p.fail("expected <score>: <node> or <rule> [<rule> ...]")
	}
	for _, r := range rules {
		out.AddChild(r)
	}
	return out
}

func (p *parser) parseColocation() *cib.Element {
	out := newElem("rsc_colocation", "id", p.match(reIdent(), "Expected identifier"))
	p.match(reScore(), "Expected <score>:")
	k, v := p.validateScore(p.matched(1), false, false)
	out.CreateAttr(k, v)
	if p.tryMatchTail(reNodeAttr()) {
		p.refAt("@node-attribute", token{pos: p.end})
		out.CreateAttr("node-attribute", strings.ToLower(p.matched(1)))
	}
	p.matchRscSet(out, "role")
	return out
}

func (p *parser) parseOrder() *cib.Element {
	out := newElem("rsc_order", "id", p.match(reIdent(), "Expected identifier"))
	if p.tryMatch(reKindWord()) {
		out.CreateAttr("kind", canonKind(p.matched(1)))
	} else if p.tryMatch(reScore()) {
		k, v := p.validateScore(p.matched(1), true, true)
		out.CreateAttr(k, v)
	}
	if p.tryMatchTail(reSymm()) {
		out.CreateAttr("symmetrical", canonicalBool(p.matched(1)))
	}
	p.matchRscSet(out, "action")
	return out
}

func canonicalBool(s string) string {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return "true"
	}
	return "false"
}

var reLossPolicy = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^loss-policy=(stop|demote|fence|freeze)$`) })

// parseTicket reads rsc_ticket <id> <ticket>: <rsc>[:<role>] {<rsc>[:<role>]}
// [loss-policy=<policy>].
func (p *parser) parseTicket() *cib.Element {
	out := newElem("rsc_ticket", "id", p.match(reIdent(), "Expected identifier"))
	p.match(reScore(), "Expected <ticket-id>:")
	out.CreateAttr("ticket", p.matched(1))
	if p.tryMatchTail(reLossPolicy()) {
		out.CreateAttr("loss-policy", p.matched(1))
	}
	if len(p.toks)-p.cur == 1 {
		p.setRef(out, "rsc", "role")
		return out
	}
	rest := p.toks[p.cur:]
	p.cur = len(p.toks)
	sets := p.resourceSets("role", rest)
	if len(sets) == 0 {
		p.fail("Expected <rsc>[:<role>] | resource_sets")
	}
	for _, s := range sets {
		out.AddChild(s)
	}
	return out
}

// tryMatchTail matches and removes the last word of the line.
func (p *parser) tryMatchTail(rx *regexp.Regexp) bool {
	if len(p.toks) <= p.cur {
		return false
	}
	m := rx.FindStringSubmatch(p.toks[len(p.toks)-1].val)
	if m == nil {
		return false
	}
	p.last = m
	p.end = p.toks[len(p.toks)-1].pos
	p.toks = p.toks[:len(p.toks)-1]
	return true
}

// matchRscSet reads either two <rsc>[:<q>] words or resource sets.
func (p *parser) matchRscSet(out *cib.Element, q string) {
	if len(p.toks)-p.cur == 2 {
		first, second := "rsc", "with-rsc"
		if q == "action" {
			first, second = "first", "then"
		}
		p.setRef(out, first, q)
		p.setRef(out, second, q)
		return
	}
	rest := p.toks[p.cur:]
	p.cur = len(p.toks)
	sets := p.resourceSets(q, rest)
	if len(sets) == 0 {
		if q == "action" {
			p.fail("Expected <rsc>[:<action>] <rsc>[:<action>] | resource_sets")
		}
		p.fail("Expected <rsc>[:<role>] <rsc>[:<role>] | resource_sets")
	}
	for _, s := range sets {
		out.AddChild(s)
	}
}

// setRef reads <rsc>[:<role|action|instance>] into name, name-role ...
func (p *parser) setRef(out *cib.Element, name, q string) {
	t := p.toks[min(p.cur, len(p.toks)-1)]
	rsc, typ := p.matchSplit()
	p.refAt(rsc, t)
	out.CreateAttr(name, rsc)
	if typ == "" {
		return
	}
	list := roleNames
	if q == "action" {
		list = actionNames
	}
	switch {
	case canon(typ, list) != "":
		out.CreateAttr(name+"-"+q, canon(typ, list))
	case isDigits(typ):
		out.CreateAttr(name+"-instance", typ)
	default:
		p.cur--
		p.fail("Invalid " + q + " '" + typ + "' for '" + rsc + "'")
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
