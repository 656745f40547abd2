package cib

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

const (
	resourceClasses = "ocf lsb heartbeat stonith upstart service systemd nagios"
	onFailValues    = "ignore block stop restart standby fence restart-container demote nothing"
	requiresValues  = "nothing quorum fencing unfencing"
)

// checkStructure checks what the schema requires of elements anywhere in
// the configuration: nvpairs with a name, groups with members.
func (d *Document) checkStructure(x *index) []Finding {
	var out []Finding
	cfg := d.Root().SelectElement("configuration")
	if cfg == nil {
		return nil
	}
	walk(cfg, func(e *etree.Element) {
		switch e.Tag {
		case "nvpair":
			if e.SelectAttr("name") == nil && e.SelectAttr("id-ref") == nil {
				out = append(out, d.finding(Error, "schema", e, "<nvpair> has no name: add name=\"...\""))
			}
		case "group":
			if len(e.SelectElements("primitive")) == 0 && !isRef(e) {
				out = append(out, d.finding(Error, "schema", e, "group has no primitives: add one or delete the group"))
			}
		case "clone", "master":
			if len(e.SelectElements("primitive"))+len(e.SelectElements("group")) == 0 && !isRef(e) {
				out = append(out, d.finding(Error, "schema", e, e.Tag+" holds no resource: name a primitive or group to clone, or delete it"))
			}
		case "rule":
			if op := e.SelectAttr("boolean-op"); op != nil && !oneOfFold(op.Value, "and or") {
				out = append(out, d.finding(Error, "schema", e, fmt.Sprintf("boolean-op=%q is invalid: use and or or", op.Value)))
			}
		}
	})
	return out
}

func isRef(e *etree.Element) bool { return e.SelectAttr("id-ref") != nil }

// checkResources checks primitives and their operations.
func (d *Document) checkResources(x *index) []Finding {
	var out []Finding
	res := d.configChild("resources")
	if res == nil {
		return nil
	}
	walk(res, func(e *etree.Element) {
		switch e.Tag {
		case "primitive":
			out = append(out, d.checkPrimitive(e)...)
		case "op":
			out = append(out, d.checkOp(e)...)
		}
		if resourceTags[e.Tag] {
			if v := metaValue(e, "requires"); v != "" && !oneOfFold(v, requiresValues) {
				out = append(out, d.finding(Error, "requires-value", e, fmt.Sprintf(
					"requires=%q is invalid and Pacemaker resets it: use one of %s", v, strings.ReplaceAll(requiresValues, " ", ", "))))
			}
		}
	})
	return out
}

func (d *Document) checkPrimitive(e *etree.Element) []Finding {
	if e.SelectAttr("template") != nil || isRef(e) {
		return nil
	}
	var out []Finding
	class := e.SelectAttrValue("class", "")
	switch {
	case class == "":
		out = append(out, d.finding(Error, "schema", e, "primitive has no class: add class=\"ocf\", \"stonith\", ..."))
	case !oneOfFold(class, resourceClasses):
		out = append(out, d.finding(Error, "schema", e, fmt.Sprintf("class=%q is not a resource class: use one of %s", class, strings.ReplaceAll(resourceClasses, " ", ", "))))
	}
	if e.SelectAttr("type") == nil {
		out = append(out, d.finding(Error, "schema", e, "primitive has no type: add the agent name as type=\"...\""))
	}
	switch {
	case class == "stonith" && e.SelectAttr("provider") != nil:
		out = append(out, d.finding(Error, "schema", e, "a stonith primitive may not have a provider: remove provider="))
	case class == "ocf" && e.SelectAttr("provider") == nil:
		out = append(out, d.finding(Error, "schema", e, "an ocf primitive needs a provider: add provider=\"heartbeat\" or the agent's provider"))
	}
	return out
}

func (d *Document) checkOp(e *etree.Element) []Finding {
	if isRef(e) {
		return nil
	}
	var out []Finding
	for _, a := range []string{"name", "interval"} {
		if e.SelectAttr(a) == nil {
			out = append(out, d.finding(Error, "schema", e, fmt.Sprintf("<op> has no %s: add %s=\"...\"", a, a)))
		}
	}
	if v := e.SelectAttr("on-fail"); v != nil && !oneOfFold(v.Value, onFailValues) {
		out = append(out, d.finding(Error, "on-fail-value", e, fmt.Sprintf("on-fail=%q is invalid: use one of %s", v.Value, strings.ReplaceAll(onFailValues, " ", ", "))))
	}
	if v := e.SelectAttr("requires"); v != nil && !oneOfFold(v.Value, requiresValues) {
		out = append(out, d.finding(Error, "requires-value", e, fmt.Sprintf("requires=%q is invalid: use one of %s", v.Value, strings.ReplaceAll(requiresValues, " ", ", "))))
	}
	return out
}
