package cib

import (
	"github.com/beevik/etree"
)

// index is what the checks look up: resources, templates, tags, nodes,
// location constraints and cluster options, read once from the tree in
// time linear in its size, so that every check is a pass over the
// elements it checks with constant-time lookups.
type index struct {
	resources   map[string]*etree.Element // every resource element by id
	constrained map[string]bool           // ids a constraint may name: top-level resources and group members outside clones
	inClone     map[string]bool           // resources inside a clone, bundle or master
	templates   map[string]*etree.Element
	usedTmpl    map[string]bool // templates some primitive uses
	tags        map[string]*etree.Element
	stonith     []*etree.Element // class="stonith" primitives
	isDevice    map[*etree.Element]bool
	nodes       []*etree.Element // <node> elements
	names       []string         // the unames (or ids) of the nodes but ping nodes, in order
	nameCount   map[string]int   // how often each of names occurs
	options     map[string]optionValue
	ids         map[string]*etree.Element // every XML ID declared in the configuration, with its first element
	declared    *declared
	fromTmpl    []*etree.Element // primitives that take their class from a template
	model       *Model           // the document's model, built once
}

// optionValue is a cluster option's value and where it was set.
type optionValue struct {
	value string
	elem  *etree.Element
}

var resourceTags = map[string]bool{"primitive": true, "group": true, "clone": true, "master": true, "bundle": true}

func newIndex(d *Document) *index {
	x := newConfigIndex(d)
	x.declared = d.declaredIDs()
	if x.declared != nil {
		x.ids = x.declared.first
	}
	return x
}

// newConfigIndex is newIndex without the ids declared in the document,
// which take a walk of all of it (its status too): for the checks that
// need only the configuration's resources, nodes and options.
func newConfigIndex(d *Document) *index {
	x := &index{
		resources: map[string]*etree.Element{}, constrained: map[string]bool{}, inClone: map[string]bool{},
		templates: map[string]*etree.Element{}, usedTmpl: map[string]bool{}, tags: map[string]*etree.Element{},
		options:  map[string]optionValue{},
		isDevice: map[*etree.Element]bool{}, nameCount: map[string]int{},
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
	for _, s := range x.stonith {
		x.isDevice[s] = true
	}
	if nodes := d.configChild("nodes"); nodes != nil {
		x.nodes = nodes.SelectElements("node")
	}
	for _, n := range x.nodes {
		if n.SelectAttrValue("type", "member") == "ping" {
			continue
		}
		name := n.SelectAttrValue("uname", n.SelectAttrValue("id", ""))
		x.names = append(x.names, name)
		x.nameCount[name]++
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

// isStonith reports whether r is a fencing device: a primitive of class
// stonith, directly or through its template.
func (x *index) isStonith(r *etree.Element) bool { return x.isDevice[r] }

// nodeNames lists the unames (or ids) of the cluster nodes but ping nodes.
func (x *index) nodeNames() []string { return x.names }
