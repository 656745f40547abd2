package cib

import (
	"fmt"

	"github.com/beevik/etree"
)

// refOnlyID lists elements whose id attribute refers to another element
// (an IDREF) or is free text, rather than declaring a unique XML ID.
var refOnlyID = map[string]bool{
	"node": true, "resource_ref": true, "obj_ref": true, "acl_target": true, "role_ref": true,
}

// idRefAttrs lists, per element, the attributes the schema types as IDREF.
var idRefAttrs = map[string][]string{
	"rsc_location":   {"rsc"},
	"rsc_colocation": {"rsc", "with-rsc"},
	"rsc_order":      {"first", "then"},
	"rsc_ticket":     {"rsc"},
	"primitive":      {"template"},
	"resource_ref":   {"id"},
	"acl_permission": {"reference"},
	"role_ref":       {"id"},
	"role":           {"id"},
}

// declaresID reports whether e's id attribute is an XML ID in the schema.
func declaresID(e *etree.Element) bool {
	if refOnlyID[e.Tag] {
		return false
	}
	if e.Tag == "role" && e.Parent() != nil && e.Parent().Tag != "acls" {
		return false
	}
	return e.SelectAttr("id") != nil
}

// refsByID reports whether e's id attribute refers to another element.
func refsByID(e *etree.Element) bool {
	switch e.Tag {
	case "resource_ref", "role_ref":
		return true
	case "role":
		return !declaresID(e)
	}
	return false
}

// walk calls fn for e and every element below it, in document order.
func walk(e *etree.Element, fn func(*etree.Element)) {
	fn(e)
	for _, c := range e.ChildElements() {
		walk(c, fn)
	}
}

// schemaErrors checks what the schema enforces about IDs: unique within the
// configuration, and references (IDREF attributes and id-ref) resolving to
// one. These are the problems an edit must not introduce.
func (d *Document) schemaErrors() []Finding {
	var out []Finding
	cfg := d.Root().SelectElement("configuration")
	if cfg == nil {
		return []Finding{{Severity: Error, Check: "structure", Line: d.Line(d.Root()),
			Message: "<cib> has no <configuration>: add one"}}
	}
	seen := make(map[string]*etree.Element)
	walk(cfg, func(e *etree.Element) {
		if !declaresID(e) {
			return
		}
		id := e.SelectAttrValue("id", "")
		if first, dup := seen[id]; dup {
			out = append(out, d.finding(Error, "duplicate-id", e,
				fmt.Sprintf("id %q is also used by <%s> on line %d: give one of them another id", id, first.Tag, d.Line(first))))
			return
		}
		seen[id] = e
	})
	walk(cfg, func(e *etree.Element) {
		for _, name := range append(idRefAttrs[e.Tag], "id-ref") {
			v := e.SelectAttr(name)
			if v == nil || (name == "id" && !refsByID(e)) {
				continue
			}
			if _, ok := seen[v.Value]; !ok {
				at := e
				if e.Tag == "resource_ref" && e.Parent() != nil {
					at = e.Parent()
				}
				out = append(out, d.finding(Error, "dangling-reference", at,
					fmt.Sprintf("%s=%q refers to no element: create it or correct the reference", name, v.Value)))
			}
		}
	})
	return out
}
