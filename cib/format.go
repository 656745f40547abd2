package cib

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/beevik/etree"
)

// Format writes e the way Pacemaker's tools print XML: one element per
// line, indented by two spaces per level, whitespace-only text dropped.
func Format(e *etree.Element) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	formatElement(w, e, 0)
	_ = w.Flush()
	return b.Bytes()
}

func formatElement(w *bufio.Writer, e *etree.Element, depth int) {
	indent := strings.Repeat("  ", depth)
	w.WriteString(indent)
	w.WriteByte('<')
	w.WriteString(e.FullTag())
	for i := range e.Attr {
		writeAttr(w, &e.Attr[i])
	}
	var kids []etree.Token
	for _, t := range e.Child {
		if c, ok := t.(*etree.CharData); ok && !c.IsCData() && strings.TrimSpace(c.Data) == "" {
			continue
		}
		kids = append(kids, t)
	}
	if len(kids) == 0 {
		w.WriteString("/>\n")
		return
	}
	if len(kids) == 1 {
		if c, ok := kids[0].(*etree.CharData); ok {
			w.WriteByte('>')
			c.WriteTo(w, &writeSettings)
			w.WriteString("</" + e.FullTag() + ">\n")
			return
		}
	}
	w.WriteString(">\n")
	for _, t := range kids {
		if c, ok := t.(*etree.Element); ok {
			formatElement(w, c, depth+1)
			continue
		}
		w.WriteString(indent + "  ")
		t.WriteTo(w, &writeSettings)
		w.WriteByte('\n')
	}
	w.WriteString(indent + "</" + e.FullTag() + ">\n")
}

// Pacemaker 2.1.5's feature set and newest schema, which an empty CIB is
// written with.
const (
	FeatureSet    = "3.16.1"
	LatestSchema  = "pacemaker-3.9"
	emptySections = "crm_config nodes resources constraints"
)

// Empty returns a new CIB as cibadmin --empty makes it: version 0.1.0, the
// four mandatory configuration sections and an empty status. An empty
// schema means LatestSchema.
func Empty(schema string) *Document {
	if schema == "" {
		schema = LatestSchema
	}
	t := etree.NewDocument()
	root := t.CreateElement("cib")
	root.CreateAttr("crm_feature_set", FeatureSet)
	root.CreateAttr("validate-with", schema)
	root.CreateAttr("epoch", "1")
	root.CreateAttr("num_updates", "0")
	root.CreateAttr("admin_epoch", "0")
	cfg := root.CreateElement("configuration")
	for _, s := range strings.Fields(emptySections) {
		cfg.CreateElement(s)
	}
	root.CreateElement("status")
	d := &Document{tree: t, src: newSources()}
	doc, err := Parse(Format(d.Root()))
	if err != nil {
		return d
	}
	return doc
}
