package cib

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/beevik/etree"
)

var scoreRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([-+]?[0-9]+|[-+]?INFINITY)$`) })

// constraintRefs lists the attributes of each constraint that name a
// resource, tag or template.
var constraintRefs = map[string][]string{
	"rsc_location":   {"rsc"},
	"rsc_colocation": {"rsc", "with-rsc"},
	"rsc_order":      {"first", "then"},
	"rsc_ticket":     {"rsc"},
}

// validTarget reports whether a constraint may name id: a resource outside
// a clone, a tag, or a template some primitive uses.
func (x *index) validTarget(id string) bool {
	return x.constrained[id] || x.tags[id] != nil || x.usedTmpl[id]
}

func (x *index) isSet(id string) bool { return x.tags[id] != nil || x.templates[id] != nil }

func (d *Document) checkConstraints(x *index) []Finding {
	cons := d.configChild("constraints")
	if cons == nil {
		return nil
	}
	var out []Finding
	for _, c := range cons.ChildElements() {
		out = append(out, d.checkConstraint(x, c)...)
	}
	return out
}

func (d *Document) checkConstraint(x *index, c *etree.Element) []Finding {
	var out []Finding
	bad := func(id string) {
		out = append(out, d.finding(Error, "constraint-target", c, fmt.Sprintf(
			"%q is not a valid resource or tag, so Pacemaker ignores the constraint: name a resource (the clone, not its member), a tag or a used template", id)))
	}
	for _, attr := range constraintRefs[c.Tag] {
		if id := c.SelectAttrValue(attr, ""); id != "" && x.ids[id] != nil && !x.validTarget(id) {
			bad(id)
		}
	}
	for _, set := range c.SelectElements("resource_set") {
		for _, ref := range set.SelectElements("resource_ref") {
			if id := ref.SelectAttrValue("id", ""); x.ids[id] != nil && !x.validTarget(id) {
				bad(id)
			}
		}
	}
	if c.Tag == "rsc_colocation" && x.isSet(c.SelectAttrValue("rsc", "")) && x.isSet(c.SelectAttrValue("with-rsc", "")) &&
		x.validTarget(c.SelectAttrValue("rsc", "")) && x.validTarget(c.SelectAttrValue("with-rsc", "")) {
		out = append(out, d.finding(Error, "constraint-target", c,
			"two templates or tags cannot be colocated, so Pacemaker ignores the constraint: colocate resources or use resource sets"))
	}
	if v := c.SelectAttr("influence"); v != nil && c.Tag == "rsc_colocation" && !IsBoolean(v.Value) {
		out = append(out, d.finding(Error, "influence-value", c, fmt.Sprintf("influence=%q is invalid and Pacemaker uses the default: use true or false", v.Value)))
	}
	if v := c.SelectAttr("kind"); v != nil && c.Tag == "rsc_order" && !oneOfFold(v.Value, "Mandatory Optional Serialize") {
		out = append(out, d.finding(Error, "schema", c, fmt.Sprintf("kind=%q is invalid: use Mandatory, Optional or Serialize", v.Value)))
	}
	walk(c, func(e *etree.Element) {
		if v := e.SelectAttr("score"); v != nil && !scoreRE().MatchString(v.Value) {
			out = append(out, d.finding(Error, "score-value", e, fmt.Sprintf("score=%q is not a score: use an integer or [+-]INFINITY", v.Value)))
		}
	})
	return out
}

// checkTags reports tag references to nothing. Pacemaker ignores them
// silently; a tag that does not tag what it says is still an error.
func (d *Document) checkTags(x *index) []Finding {
	var out []Finding
	for _, t := range x.tags {
		for _, ref := range t.SelectElements("obj_ref") {
			if id := ref.SelectAttrValue("id", ""); x.ids[id] == nil {
				out = append(out, d.finding(Error, "dangling-reference", t, fmt.Sprintf(
					"tag refers to %q, which does not exist: create it or remove the reference", id)))
			}
		}
	}
	sortByLine(out)
	return out
}
