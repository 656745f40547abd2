package cib

import (
	"github.com/beevik/etree"
)

// index is what the checks look up: resources, templates, tags, nodes and
// cluster options, read once from the tree.
type index struct {
	resources   map[string]*etree.Element // every resource element by id
	constrained map[string]bool           // ids a constraint may name: top-level resources and group members outside clones
	inClone     map[string]bool           // resources inside a clone, bundle or master
	templates   map[string]*etree.Element
	usedTmpl    map[string]bool // templates some primitive uses
	tags        map[string]*etree.Element
	stonith     []*etree.Element // class="stonith" primitives
	nodes       []*etree.Element // <node> elements
	options     map[string]optionValue
	ids         map[string]bool  // every XML ID declared in the configuration
	fromTmpl    []*etree.Element // primitives that take their class from a template
}

// optionValue is a cluster option's value and where it was set.
type optionValue struct {
	value string
	elem  *etree.Element
}

var resourceTags = map[string]bool{"primitive": true, "group": true, "clone": true, "master": true, "bundle": true}

func newIndex(d *Document) *index {
	x := &index{
		resources: map[string]*etree.Element{}, constrained: map[string]bool{}, inClone: map[string]bool{},
		templates: map[string]*etree.Element{}, usedTmpl: map[string]bool{}, tags: map[string]*etree.Element{},
		options: map[string]optionValue{}, ids: map[string]bool{},
	}
	if cfg := d.Root().SelectElement("configuration"); cfg != nil {
		walk(cfg, func(e *etree.Element) {
			if declaresID(e) {
				x.ids[e.SelectAttrValue("id", "")] = true
			}
		})
	}
	if res := d.configChild("resources"); res != nil {
		for _, e := range res.ChildElements() {
			x.addResource(e, true, false)
		}
	}
	for _, p := range x.fromTmpl {
		if t := x.templates[p.SelectAttrValue("template", "")]; t != nil && t.SelectAttrValue("class", "") == "stonith" {
			x.stonith = append(x.stonith, p)
		}
	}
	if tags := d.configChild("tags"); tags != nil {
		for _, t := range tags.SelectElements("tag") {
			x.tags[t.SelectAttrValue("id", "")] = t
		}
	}
	if nodes := d.configChild("nodes"); nodes != nil {
		x.nodes = nodes.SelectElements("node")
	}
	if cc := d.configChild("crm_config"); cc != nil {
		for _, set := range cc.SelectElements("cluster_property_set") {
			for _, nv := range set.SelectElements("nvpair") {
				name := nv.SelectAttrValue("name", "")
				if _, seen := x.options[name]; !seen && name != "" {
					x.options[name] = optionValue{value: nv.SelectAttrValue("value", ""), elem: nv}
				}
			}
		}
	}
	return x
}

// addResource indexes e and what it contains. visible tells whether a
// constraint may name e; cloned whether e is inside a clone or bundle.
func (x *index) addResource(e *etree.Element, visible, cloned bool) {
	id := e.SelectAttrValue("id", "")
	switch {
	case e.Tag == "template":
		x.templates[id] = e
		return
	case !resourceTags[e.Tag]:
		return
	}
	x.resources[id] = e
	if visible && !cloned {
		x.constrained[id] = true
	}
	if cloned {
		x.inClone[id] = true
	}
	if e.Tag == "primitive" {
		if t := e.SelectAttrValue("template", ""); t != "" {
			x.usedTmpl[t] = true
		}
		if e.SelectAttrValue("class", "") == "stonith" {
			x.stonith = append(x.stonith, e)
		}
		if e.SelectAttr("class") == nil && e.SelectAttr("template") != nil {
			x.fromTmpl = append(x.fromTmpl, e)
		}
	}
	inner := cloned || e.Tag == "clone" || e.Tag == "master" || e.Tag == "bundle"
	for _, c := range e.ChildElements() {
		x.addResource(c, e.Tag == "group", inner)
	}
}

// option returns a cluster option's value under any of its names.
func (x *index) option(names ...string) (optionValue, bool) {
	for _, n := range names {
		if v, ok := x.options[n]; ok {
			return v, true
		}
	}
	return optionValue{}, false
}

// nodeNames lists the unames (or ids) of the cluster nodes.
func (x *index) nodeNames() []string {
	var out []string
	for _, n := range x.nodes {
		if t := n.SelectAttrValue("type", "member"); t == "ping" {
			continue
		}
		name := n.SelectAttrValue("uname", n.SelectAttrValue("id", ""))
		out = append(out, name)
	}
	return out
}

// isStonith reports whether r is a fencing device: a primitive of class
// stonith, directly or through its template.
func (x *index) isStonith(r *etree.Element) bool {
	for _, s := range x.stonith {
		if s == r {
			return true
		}
	}
	return false
}
