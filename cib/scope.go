package cib

import (
	"github.com/beevik/etree"
)

// Scopes are the section names an edit or query can be limited to, the
// values of cibadmin's --scope.
var scopeParent = map[string]string{
	"configuration":    "",
	"status":           "",
	"crm_config":       "configuration",
	"nodes":            "configuration",
	"resources":        "configuration",
	"constraints":      "configuration",
	"op_defaults":      "configuration",
	"rsc_defaults":     "configuration",
	"acls":             "configuration",
	"fencing-topology": "configuration",
	"tags":             "configuration",
	"alerts":           "configuration",
}

// IsScope reports whether name is a section cibadmin's --scope accepts
// by name; any other name means the whole CIB.
func IsScope(name string) bool {
	_, ok := scopeParent[name]
	return ok
}

// Section returns the element a scope names, or nil when that section is
// absent. An empty or unknown scope names the <cib> element itself, as it
// does for cibadmin.
func (d *Document) Section(scope string) *etree.Element {
	parent, ok := scopeParent[scope]
	if !ok {
		return d.Root()
	}
	if parent == "" {
		return d.Root().SelectElement(scope)
	}
	p := d.Root().SelectElement(parent)
	if p == nil {
		return nil
	}
	return p.SelectElement(scope)
}

// inConfiguration reports whether e is /cib/configuration or lies below it.
func inConfiguration(e *etree.Element) bool {
	for ; e != nil; e = e.Parent() {
		if e.Tag == "configuration" && e.Parent() != nil && e.Parent().Tag == "cib" {
			p := e.Parent().Parent()
			return p == nil || p.Tag == ""
		}
	}
	return false
}
