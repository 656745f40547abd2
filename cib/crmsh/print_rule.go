package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// rule renders a rule after the word "rule".
func (pr *printer) rule(r *cib.Element) string {
	var s []string
	if id := attr(r, "id"); id != "" && pr.refd["rule "+id] {
		s = append(s, nvpairFormat("$id", id, true))
	} else if ref := r.SelectAttr("id-ref"); ref != nil {
		return nvpairFormat("$id-ref", ref.Value, true)
	}
	if role := attr(r, "role"); role != "" {
		s = append(s, nvpairFormat("$role", role, true))
	}
	if attr(r, "score") != "INFINITY" {
		if sc := score(r); sc != "" {
			s = append(s, sc+":")
		}
	}
	op := attr(r, "boolean-op")
	if op == "" {
		op = "and"
	}
	var exprs []string
	for _, c := range r.ChildElements() {
		switch c.Tag {
		case "date_expression":
			exprs = append(exprs, dateExpr(c))
		case "expression":
			exprs = append(exprs, expr(c))
		}
	}
	s = append(s, strings.Join(exprs, " "+op+" "))
	return strings.Join(s, " ")
}

func expr(e *cib.Element) string {
	op := attr(e, "operation")
	if t := attr(e, "type"); t != "" && t != "string" {
		op = t + ":" + op
	}
	a, v := attr(e, "attribute"), attr(e, "value")
	if v == "" {
		return op + " " + a
	}
	if src := attr(e, "value-source"); src != "" && src != "literal" {
		return a + " " + op + " " + src + "{" + v + "}"
	}
	return a + " " + op + " " + v
}

func dateExpr(e *cib.Element) string {
	op := attr(e, "operation")
	kw := map[string]string{"in_range": "in", "date_spec": "spec"}[op]
	if kw == "" {
		kw = op
	}
	l := []string{"date", kw}
	switch op {
	case "lt":
		l = append(l, quoteWrap(attr(e, "end")))
	case "gt":
		l = append(l, quoteWrap(attr(e, "start")))
	default:
		if op == "in_range" {
			for _, k := range []string{"start", "end"} {
				if a := e.SelectAttr(k); a != nil {
					l = append(l, nvpairFormat(k, a.Value, true))
				}
			}
		}
		for _, c := range e.ChildElements() {
			if c.Tag == "duration" || c.Tag == "date_spec" {
				for _, a := range c.Attr {
					if a.Key != "id" {
						l = append(l, nvpairFormat(a.Key, a.Value, true))
					}
				}
			}
		}
	}
	return strings.Join(l, " ")
}
