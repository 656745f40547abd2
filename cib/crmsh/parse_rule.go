package crmsh

import (
	"regexp"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

// matchRules reads {rule [$id=..|$id-ref=..] [$role=..] [<score>:] expr}.
func (p *parser) matchRules() []*cib.Element {
	var rules []*cib.Element
	for p.tryWord("rule") {
		rule := p.at(cib.NewElement("rule"), p.toks[p.cur-1])
		rules = append(rules, rule)
		idref := false
		if p.tryMatch(reIDSpec()) {
			typ := p.matched(1)[1:] // as written: crmsh does not fold its case
			rule.CreateAttr(typ, p.matched(2))
			idref = typ == "id-ref"
			if idref {
				p.refAt(p.matched(2), p.toks[p.cur-1])
			}
		}
		if p.tryMatch(reRole()) {
			rule.CreateAttr("role", p.matched(1))
		}
		if idref {
			continue
		}
		if p.tryMatch(reScore()) {
			k, v := p.validateScore(p.matched(1), false, false)
			rule.CreateAttr(k, v)
		} else {
			rule.CreateAttr("score", "INFINITY")
		}
		boolop, exprs := p.matchRuleExpression()
		if boolop != "" && !strings.EqualFold(boolop, "and") {
			rule.CreateAttr("boolean-op", boolop)
		}
		for _, e := range exprs {
			rule.AddChild(e)
		}
	}
	return rules
}

func (p *parser) matchRuleExpression() (string, []*cib.Element) {
	boolop := ""
	exprs := []*cib.Element{p.matchSimpleExp()}
	for p.tryMatch(reBoolOp()) {
		if boolop != "" && p.matched(1) != boolop {
			p.cur--
			p.fail("Mixing bool ops not allowed: " + boolop + " != " + p.matched(1))
		}
		boolop = p.matched(1)
		exprs = append(exprs, p.matchSimpleExp())
	}
	return boolop, exprs
}

func (p *parser) matchSimpleExp() *cib.Element {
	if p.tryWord("date") {
		return p.matchDate()
	}
	if p.tryMatch(reUnaryOp()) {
		op := p.matched(1)
		a := p.match(reIdent(), "Expected identifier")
		return newElem("expression", "operation", op, "attribute", a)
	}
	a := p.match(reIdent(), "Expected identifier")
	p.match(reBinOp(), "Expected ((string|integer|number|version):)?(lt|gt|lte|gte|eq|ne)")
	e := newElem("expression", "operation", p.matched(3), "attribute", a)
	maybeSet(e, "type", p.matched(2))
	val := p.matchAny()
	m := reValSrc().FindStringSubmatch(val)
	switch {
	case m != nil && m[2] != "":
		e.CreateAttr("value", m[3])
		e.CreateAttr("value-source", m[1])
	default:
		e.CreateAttr("value", val)
	}
	return e
}

var (
	dateSpecNames = []string{"hours", "monthdays", "weekdays", "yearsdays", "months", "weeks", "years", "weekyears", "moon"}
	reDateOp      = sync.OnceValue(func() *regexp.Regexp { return mustWordRe("lt|gt|in_range|date_spec|spec|in") })
)

// matchDate reads the part of a date expression after "date".
func (p *parser) matchDate() *cib.Element {
	e := cib.NewElement("date_expression")
	op := p.match(reDateOp(), "Expected (lt|gt|in_range|date_spec|spec|in)")
	full := map[string]string{"in": "in_range", "spec": "date_spec"}[op]
	if full == "" {
		full = op
	}
	e.CreateAttr("operation", full)
	switch strings.ToLower(op) {
	case "lt", "gt":
		v := p.matchAny()
		if strings.EqualFold(op, "lt") {
			e.CreateAttr("end", v)
		} else {
			e.CreateAttr("start", v)
		}
	case "in_range", "in":
		keys := append([]string{"start", "end"}, dateSpecNames...)
		setDateExpression(e, "duration", p.matchNvpairsByKey(keys, 2))
	case "date_spec", "spec":
		setDateExpression(e, "date_spec", p.matchNvpairsByKey(dateSpecNames, 1))
	default:
		p.cur--
		p.fail("Unknown date operation '" + op + "'")
	}
	return e
}

// matchNvpairsByKey reads key=value (or bare key) words for known keys.
func (p *parser) matchNvpairsByKey(keys []string, minpairs int) [][2]string {
	var out [][2]string
	for {
		t, ok := p.current()
		if !ok {
			break
		}
		k, v, hasEq := strings.Cut(t, "=")
		if !isOneOf(k, keys) || (hasEq && v == "") {
			break
		}
		p.cur++
		out = append(out, [2]string{k, v})
	}
	if len(out) < minpairs {
		if minpairs == 1 {
			p.fail("Expected at least one name-value pair")
		}
		p.fail("Expected at least 2 name-value pairs")
	}
	return out
}

func isOneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// setDateExpression fills a date_expression: start and end are its own
// attributes, anything else goes to a <duration> or <date_spec> child.
func setDateExpression(e *cib.Element, tag string, vals [][2]string) {
	names := map[string]bool{}
	for _, v := range vals {
		names[v[0]] = true
	}
	if len(names) == 2 && names["start"] && names["end"] {
		for _, v := range vals {
			e.CreateAttr(v[0], v[1])
		}
		return
	}
	sub := e.CreateElement(tag)
	for _, v := range vals {
		if v[0] == "start" || v[0] == "end" {
			e.CreateAttr(v[0], v[1])
		} else {
			sub.CreateAttr(v[0], v[1])
		}
	}
}

// validateScore turns a score word into the attribute it sets: score,
// score-attribute, or for orders kind.
func (p *parser) validateScore(score string, noattr, toKind bool) (string, string) {
	switch strings.ToLower(score) {
	case "advisory":
		if !noattr {
			return "score", "0"
		}
	case "mandatory":
		if !noattr {
			return "score", "INFINITY"
		}
	}
	if reScoreNum().MatchString(score) {
		score = reInf().ReplaceAllString(score, "INFINITY")
		if toKind {
			if score == "0" {
				return "kind", "Optional"
			}
			return "kind", "Mandatory"
		}
		return "score", score
	}
	if noattr {
		if k := canonKind(score); k != "" {
			return "kind", k
		}
		p.cur--
		p.fail("Invalid kind: " + score)
	}
	return "score-attribute", score
}

func canonKind(s string) string {
	for _, k := range []string{"Mandatory", "Optional", "Serialize"} {
		if strings.EqualFold(k, s) {
			return k
		}
	}
	return ""
}
