package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// xmlTags are the elements an xml line may hold: the top elements of
// configuration objects.
var xmlTags = map[string]string{
	"node": "node", "primitive": "primitive", "group": "group", "clone": "clone", "master": "ms",
	"bundle": "bundle", "rsc_location": "location", "rsc_colocation": "colocation", "rsc_order": "order",
	"rsc_ticket": "rsc_ticket", "template": "rsc_template", "cluster_property_set": "property",
	"rsc_defaults": "rsc_defaults", "op_defaults": "op_defaults", "acl_target": "acl_target",
	"acl_group": "acl_group", "acl_user": "user", "acl_role": "role", "fencing-topology": "fencing_topology",
	"tag": "tag", "alert": "alert",
}

// isXMLLine reports whether a logical line is raw XML: crmsh splits such
// lines at white space, without shell quoting.
func isXMLLine(text string) bool { return strings.HasPrefix(text, "xml") }

// splitFields splits a line at runs of white space, as Python's str.split.
func splitFields(l logicalLine) []token {
	var out []token
	s := l.text
	for i := 0; i < len(s); {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		if start < i {
			out = append(out, token{val: s[start:i], pos: l.posOf(start)})
		}
	}
	return out
}

// parseXML reads xml <element>: the words after the keyword joined with
// single spaces must be one XML element that is a configuration object.
func (p *parser) parseXML(o *Object) *cib.Element {
	p.matchAny()
	if !p.hasTokens() {
		p.fail("Expected XML data")
	}
	at := p.toks[p.cur]
	var words []string
	for _, t := range p.toks[p.cur:] {
		words = append(words, t.val)
	}
	p.cur = len(p.toks)
	e, err := cib.ParseElement([]byte(strings.Join(words, " ")))
	if err != nil {
		p.failAt(at, "Cannot parse XML data: "+err.Error())
	}
	kind, ok := xmlTags[e.Tag]
	if !ok {
		p.failAt(at, "Element "+e.Tag+" not recognized")
	}
	o.Kind = kind
	o.raw = true
	return e
}
