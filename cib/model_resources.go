package cib

import "github.com/beevik/etree"

// Resource kinds, as the element names that define them.
const (
	KindPrimitive = "primitive"
	KindGroup     = "group"
	KindClone     = "clone"
	KindMaster    = "master" // a promotable clone in the pre-2.0 syntax
	KindBundle    = "bundle"
)

// Resource is a configured resource: a primitive, or a group, clone or
// bundle with its children.
type Resource struct {
	Kind     string
	ID       string
	Class    string
	Provider string
	Type     string
	// Template is the id of the rsc_template a primitive is based on.
	Template string
	// Instance and Meta hold the instance and meta attributes.
	Instance map[string]string
	Meta     map[string]string
	// Utilization holds the utilization attributes.
	Utilization map[string]string
	Ops         []OpDef
	Children    []*Resource
	// Bundle describes a bundle's container; nil for other kinds.
	Bundle *Bundle
}

// OpDef is an <op> of a resource's operations.
type OpDef struct {
	ID       string
	Name     string
	Interval string
	Role     string
	Enabled  string
	// Meta holds the op's attributes other than id, name and interval,
	// merged with its meta_attributes.
	Meta map[string]string
	// Params holds the op's instance_attributes: parameters
	// passed to the agent for this operation only.
	Params map[string]string
	// OnFail is the op's own on-fail attribute (not a meta attribute).
	OnFail string
}

// Bundle is a bundle's container and networking set-up.
type Bundle struct {
	// Runtime is docker, podman or rkt.
	Runtime         string
	Replicas        string
	ReplicasPerHost string
	Image           string
	// PromotedMax is promoted-max (or the older masters).
	PromotedMax string
	// IPRangeStart and ControlPort come from <network>.
	IPRangeStart string
	ControlPort  string
}

func (m *Model) readResources(e *etree.Element) {
	m.Resources = make([]*Resource, 0, len(e.Child))
	for _, c := range e.ChildElements() {
		if c.Tag == "template" {
			r := m.readResource(c)
			r.Kind = KindPrimitive
			m.Templates[r.ID] = r
			continue
		}
		if r := m.readResource(c); r != nil {
			m.Resources = append(m.Resources, r)
		}
	}
}

func (m *Model) readResource(e *etree.Element) *Resource {
	switch e.Tag {
	case KindPrimitive, KindGroup, KindClone, KindMaster, KindBundle, "template":
	default:
		return nil
	}
	r := &Resource{
		Kind: e.Tag, ID: attr(e, "id"), Class: attr(e, "class"), Provider: attr(e, "provider"),
		Type: attr(e, "type"), Template: attr(e, "template"),
		Instance: map[string]string{}, Meta: map[string]string{}, Utilization: map[string]string{},
	}
	readSets(e, "instance_attributes", "", r.Instance, m.ExecutionDate)
	readSets(e, "utilization", "", r.Utilization, m.ExecutionDate)
	readSets(e, "meta_attributes", "", r.Meta, m.ExecutionDate)
	if ops := e.SelectElement("operations"); ops != nil {
		r.Ops = make([]OpDef, 0, len(ops.Child))
		for _, o := range ops.SelectElements("op") {
			r.Ops = append(r.Ops, m.readOp(o))
		}
	}
	for _, c := range e.ChildElements() {
		if child := m.readResource(c); child != nil && c.Tag != "template" {
			r.Children = append(r.Children, child)
		}
	}
	if e.Tag == KindBundle {
		r.Bundle = readBundle(e)
	}
	return r
}

func (m *Model) readOp(o *etree.Element) OpDef {
	op := OpDef{ID: attr(o, "id"), Name: attr(o, "name"), Interval: attr(o, "interval"),
		Role: attr(o, "role"), Enabled: attr(o, "enabled"), OnFail: attr(o, "on-fail"),
		Meta: map[string]string{}, Params: map[string]string{}}
	for _, a := range o.Attr {
		switch a.Key {
		case "id", "name", "interval", "role", "enabled":
		default:
			op.Meta[a.Key] = a.Value
		}
	}
	readSets(o, "meta_attributes", "", op.Meta, m.ExecutionDate)
	readSets(o, "instance_attributes", "", op.Meta, m.ExecutionDate)
	readSets(o, "instance_attributes", "", op.Params, m.ExecutionDate)
	return op
}

func readBundle(e *etree.Element) *Bundle {
	b := &Bundle{}
	for _, rt := range []string{"docker", "podman", "rkt"} {
		if c := e.SelectElement(rt); c != nil {
			b.Runtime = rt
			b.Replicas = attr(c, "replicas")
			b.ReplicasPerHost = attr(c, "replicas-per-host")
			b.Image = attr(c, "image")
			b.PromotedMax = c.SelectAttrValue("promoted-max", attr(c, "masters"))
		}
	}
	if n := e.SelectElement("network"); n != nil {
		b.IPRangeStart = attr(n, "ip-range-start")
		b.ControlPort = attr(n, "control-port")
	}
	return b
}

// Walk calls fn for r and every resource below it, parents first.
func (r *Resource) Walk(fn func(r, parent *Resource)) {
	r.walk(nil, fn)
}

func (r *Resource) walk(parent *Resource, fn func(r, parent *Resource)) {
	fn(r, parent)
	for _, c := range r.Children {
		c.walk(r, fn)
	}
}
