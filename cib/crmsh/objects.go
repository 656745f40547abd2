package crmsh

import (
	"slices"

	"github.com/executioner-ha/executioner/cib"
)

// found is one configuration object of a CIB.
type found struct {
	kind string
	id   string
	elem *cib.Element // the object's element (the set for property and defaults)
}

// configuration returns the <configuration> element, creating it when
// missing.
func configuration(doc *cib.Document) *cib.Element {
	root := doc.Root()
	c := root.SelectElement("configuration")
	if c == nil {
		c = root.CreateElement("configuration")
	}
	return c
}

// section returns the configuration child with the tag, creating and
// appending it when missing.
func section(doc *cib.Document, tag string) *cib.Element {
	c := configuration(doc)
	s := c.SelectElement(tag)
	if s == nil {
		s = c.CreateElement(tag)
	}
	return s
}

var rscKinds = map[string]string{"primitive": "primitive", "group": "group", "clone": "clone", "master": "ms", "template": "rsc_template", "bundle": "bundle"}

// otherKinds are objects this package shows (as raw XML) but does not
// parse.
var otherKinds = map[string]string{"acl_role": "role", "acl_target": "acl_target", "acl_group": "acl_group", "acl_user": "user", "alert": "alert"}

var consKinds = map[string]string{"rsc_location": "location", "rsc_colocation": "colocation", "rsc_order": "order", "rsc_ticket": "rsc_ticket"}

// listObjects returns every object of the CIB's configuration in document
// order, with resources inside containers after their container's
// position in a depth-first walk.
func listObjects(doc *cib.Document) []found {
	conf := doc.Root().SelectElement("configuration")
	if conf == nil {
		return nil
	}
	var out []found
	for _, sec := range conf.ChildElements() {
		switch sec.Tag {
		case "crm_config":
			for _, s := range sec.SelectElements("cluster_property_set") {
				out = append(out, found{"property", attr(s, "id"), s})
			}
		case "nodes":
			for _, n := range sec.SelectElements("node") {
				out = append(out, found{"node", nodeID(n), n})
			}
		case "resources":
			out = appendResources(out, sec)
		case "constraints":
			for _, c := range sec.ChildElements() {
				if k, ok := consKinds[c.Tag]; ok {
					out = append(out, found{k, attr(c, "id"), c})
				}
			}
		case "fencing-topology":
			out = append(out, found{"fencing_topology", "fencing_topology", sec})
		case "rsc_defaults", "op_defaults":
			for _, s := range sec.SelectElements("meta_attributes") {
				out = append(out, found{sec.Tag, attr(s, "id"), s})
			}
		case "tags":
			for _, t := range sec.SelectElements("tag") {
				out = append(out, found{"tag", attr(t, "id"), t})
			}
		case "acls", "alerts":
			for _, c := range sec.ChildElements() {
				if k, ok := otherKinds[c.Tag]; ok {
					out = append(out, found{k, attr(c, "id"), c})
				}
			}
		}
	}
	return out
}

func appendResources(out []found, parent *cib.Element) []found {
	for _, r := range parent.ChildElements() {
		k, ok := rscKinds[r.Tag]
		if !ok {
			continue
		}
		out = append(out, found{k, attr(r, "id"), r})
		if r.Tag != "primitive" && r.Tag != "template" {
			out = appendResources(out, r)
		}
	}
	return out
}

func nodeID(n *cib.Element) string {
	if id := attr(n, "id"); id != "" {
		return id
	}
	return attr(n, "uname")
}

// nodeNames lists the unames of the CIB's nodes, sorted, as crmsh's
// node_id_list does.
func nodeNames(doc *cib.Document) []string {
	var out []string
	for _, f := range listObjects(doc) {
		if f.kind == "node" {
			out = append(out, attr(f.elem, "uname"))
		}
	}
	slices.Sort(out)
	return out
}

// indexOf finds an object by id.
func indexOf(objs []found, id string) int {
	for i, f := range objs {
		if f.id == id {
			return i
		}
	}
	return -1
}
