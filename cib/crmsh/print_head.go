package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// head renders the first line of an object.
func (pr *printer) head(f found) string {
	e := f.elem
	switch f.kind {
	case "node":
		return nodeHead(e, f.id)
	case "primitive", "rsc_template":
		return f.kind + " " + f.id + " " + rscType(e)
	case "group", "clone", "ms":
		var kids []string
		for _, c := range containerChildren(e) {
			kids = append(kids, attr(c, "id"))
		}
		return f.kind + " " + f.id + " " + strings.Join(kids, " ")
	case "location":
		return pr.locationHead(e, f.id)
	case "colocation", "order":
		return pr.simpleHead(e, f.kind, f.id)
	case "rsc_ticket":
		return pr.ticketHead(e, f.id)
	case "property", "rsc_defaults", "op_defaults":
		return f.kind + " " + headID(f.id)
	case "fencing_topology":
		return pr.fencingHead(e)
	case "alert":
		return "alert " + f.id + " " + quoteWrap(attr(e, "path"))
	case "tag":
		s := "tag " + f.id
		for _, r := range e.SelectElements("obj_ref") {
			s += " " + attr(r, "id")
		}
		return s
	}
	return f.kind + " " + f.id
}

func headID(id string) string {
	if reNoQuotes().MatchString(id) {
		return id + ":"
	}
	return `$id="` + id + `"`
}

func nodeHead(e *cib.Element, id string) string {
	uname := attr(e, "uname")
	s := "node"
	if id != uname {
		if reNoQuotes().MatchString(id) {
			s += " " + id + ":"
		} else {
			s += ` $id="` + id + `"`
		}
	}
	s += " " + uname
	if t := attr(e, "type"); t != "" && t != "normal" {
		s += ":" + t
	}
	return s
}

// rscType renders class:provider:type, leaving out ocf:heartbeat:.
func rscType(e *cib.Element) string {
	if t := attr(e, "template"); t != "" {
		return "@" + t
	}
	c, p, t := attr(e, "class"), attr(e, "provider"), attr(e, "type")
	if (c == "" && p == "") || (c == "ocf" && p == "") || p == "heartbeat" {
		c, p = "", ""
	}
	s := ""
	if c != "" {
		s = c + ":"
	}
	if p != "" {
		s += p + ":"
	}
	return s + t
}

func (pr *printer) locationHead(e *cib.Element, id string) string {
	var rsc string
	switch {
	case hasAttr(e, "rsc"):
		rsc = attr(e, "rsc")
	case hasAttr(e, "rsc-pattern"):
		rsc = "/" + attr(e, "rsc-pattern") + "/"
	default:
		rsc = "{ " + strings.Join(setWords(e, "location"), " ") + " }"
	}
	s := "location " + id + " " + rsc
	for _, k := range []string{"role", "resource-discovery"} {
		if a := e.SelectAttr(k); a != nil {
			s += " " + k + "=" + a.Value
		}
	}
	if n := e.SelectAttr("node"); n != nil {
		s += " " + score(e) + ": " + n.Value
	}
	return s
}

func (pr *printer) simpleHead(e *cib.Element, kind, id string) string {
	sc := score(e)
	if sc == "" {
		sc = attr(e, "kind")
	}
	var col []string
	if e.SelectElement("resource_set") != nil {
		col = setWords(e, kind)
	} else if kind == "colocation" {
		col = []string{rscRef(e, "rsc", "role"), rscRef(e, "with-rsc", "role")}
	} else {
		col = []string{rscRef(e, "first", "action"), rscRef(e, "then", "action")}
	}
	if kind == "order" {
		if s := attr(e, "symmetrical"); s != "" {
			col = append(col, "symmetrical="+s)
		}
	} else if na := attr(e, "node-attribute"); na != "" {
		col = append(col, "node-attribute="+na)
	}
	s := kind + " " + id + " "
	if sc != "" {
		s += sc + ": "
	}
	return s + strings.Join(col, " ")
}

func rscRef(e *cib.Element, n, q string) string {
	r := attr(e, n)
	if v := attr(e, n+"-"+q); v != "" {
		return r + ":" + v
	}
	if v := attr(e, n+"-instance"); v != "" {
		return r + ":" + v
	}
	return r
}

// boolMaybe reads an optional boolean attribute: 0 absent, 1 true, -1 false.
func boolMaybe(e *cib.Element, k string) int {
	a := e.SelectAttr(k)
	if a == nil || a.Value == "" {
		return 0
	}
	if b, _ := parseBool(a.Value); b {
		return 1
	}
	return -1
}

// setWords renders the resource sets of a constraint.
func setWords(e *cib.Element, kind string) []string {
	var col []string
	cnt := 0
	seq, all := 0, 0
	for _, s := range e.SelectElements("resource_set") {
		seq, all = boolMaybe(s, "sequential"), boolMaybe(s, "require-all")
		if all < 0 {
			col = append(col, "[")
		} else if seq < 0 {
			col = append(col, "(")
		}
		q := attr(s, "role")
		if kind == "order" {
			q = attr(s, "action")
		}
		for _, r := range s.SelectElements("resource_ref") {
			w := attr(r, "id")
			if q != "" {
				w += ":" + q
			}
			col = append(col, w)
			cnt++
		}
		if all < 0 {
			if seq >= 0 {
				col = append(col, "sequential=true")
			}
			col = append(col, "]")
		} else if seq < 0 {
			col = append(col, ")")
		}
	}
	ticket := kind == "rsc_ticket"
	if kind != "location" && seq >= 0 && all >= 0 && ((!ticket && cnt <= 2) || (ticket && cnt <= 1)) {
		col = append([]string{"_rsc_set_"}, col...)
	}
	return col
}

func (pr *printer) fencingHead(e *cib.Element) string {
	type tgt struct{ kind, name, value string }
	var order []tgt
	levels := map[tgt]map[string]string{}
	for _, c := range e.SelectElements("fencing-level") {
		var t tgt
		switch {
		case hasAttr(c, "target-pattern"):
			t = tgt{"pattern", attr(c, "target-pattern"), ""}
		case hasAttr(c, "target-attribute"):
			t = tgt{"attr", attr(c, "target-attribute"), attr(c, "target-value")}
		default:
			t = tgt{"node", attr(c, "target"), ""}
		}
		if levels[t] == nil {
			levels[t] = map[string]string{}
			order = append(order, t)
		}
		levels[t][attr(c, "index")] = attr(c, "devices")
	}
	distinct := map[string]bool{}
	last := ""
	for _, t := range order {
		last = strings.Join(idxSort(levels[t]), " ")
		distinct[last] = true
	}
	if len(distinct) == 1 && len(order) == pr.nodes {
		return "fencing_topology " + last
	}
	parts := []string{"fencing_topology"}
	for _, t := range order {
		devs := strings.Join(idxSort(levels[t]), " ")
		switch t.kind {
		case "pattern":
			parts = append(parts, "pattern:"+t.name+" "+devs)
		case "attr":
			parts = append(parts, "attr:"+t.name+"="+t.value+" "+devs)
		default:
			parts = append(parts, t.name+": "+devs)
		}
	}
	return strings.Join(parts, " \\\n\t")
}

func (pr *printer) ticketHead(e *cib.Element, id string) string {
	var col []string
	if e.SelectElement("resource_set") != nil {
		col = setWords(e, "rsc_ticket")
	} else {
		col = []string{rscRef(e, "rsc", "role")}
	}
	if lp := attr(e, "loss-policy"); lp != "" {
		col = append(col, "loss-policy="+lp)
	}
	return "rsc_ticket " + id + " " + attr(e, "ticket") + ": " + strings.Join(col, " ")
}
