package crmsh

import (
	"github.com/executioner-ha/executioner/cib"
)

// refOnly are elements whose id attribute refers to another element (or,
// for acl_target, names a user).
var refOnly = map[string]bool{"node": true, "resource_ref": true, "obj_ref": true, "role_ref": true, "crmsh-ref": true,
	"acl_target": true}

// isRefOnly reports whether e's id is not an XML ID of its own: the
// elements of refOnly and a role named by an acl_target or acl_group.
func isRefOnly(e *cib.Element) bool {
	if e.Tag == "role" {
		p := e.Parent()
		return p != nil && (p.Tag == "acl_target" || p.Tag == "acl_group")
	}
	return refOnly[e.Tag]
}

// checkResult rejects what crmsh would build but Pacemaker's schema
// refuses (crmsh fails at commit): an id used twice, and a primitive with
// two <operations> (op lines split by other parts of the line).
func checkResult(doc *cib.Document, objs []*Object) error {
	byID := map[string]*Object{}
	for _, o := range objs {
		byID[o.ID()] = o
	}
	seen := map[string]bool{}
	var walk func(e *cib.Element, top string) error
	walk = func(e *cib.Element, top string) error {
		switch {
		case e.Tag == "fencing-topology": // one object without an id
			top = "fencing_topology"
		case rscKinds[e.Tag] != "" || consKinds[e.Tag] != "" || otherKinds[e.Tag] != "" || e.Tag == "tag":
			top = attr(e, "id")
		}
		if id := attr(e, "id"); id != "" && !isRefOnly(e) {
			if seen[id] {
				return objErr(byID[top], top, "id "+id+" is used twice")
			}
			seen[id] = true
		}
		if e.Tag == "primitive" && len(e.SelectElements("operations")) > 1 {
			return objErr(byID[top], top, "op lines must follow one another: other parts between them make a second <operations>, which the schema refuses")
		}
		for _, c := range e.ChildElements() {
			if err := walk(c, top); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(configuration(doc), "")
}
