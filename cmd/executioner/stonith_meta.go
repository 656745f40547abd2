package main

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/executioner-ha/executioner/ocf"
)

// writeMeta prints -m as cluster-glue does: an OCF resource-agent document
// named after the -t value, with the device's descriptions, its
// configuration names as parameters, and the actions of a stonith
// resource.
func (d *stonithDevice) writeMeta(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n<resource-agent name=\"%s\">\n"+
		"<version>1.0</version>\n<longdesc lang=\"en\">\n%s\n</longdesc>\n<shortdesc lang=\"en\">%s</shortdesc>\n<parameters>\n",
		esc(d.typ), esc(d.md.LongDesc), esc(d.md.ShortDesc))
	for _, c := range d.params() {
		fmt.Fprintf(b, "<parameter name=\"%s\" unique=\"0\" required=\"%s\">\n<content type=\"%s\" />\n"+
			"<shortdesc lang=\"en\">\n%s</shortdesc>\n<longdesc lang=\"en\">\n%s</longdesc>\n</parameter>\n",
			esc(c.name), map[bool]string{true: "1", false: "0"}[c.required], glueType(c.typ), esc(c.desc), esc(c.desc))
	}
	b.WriteString("</parameters>\n\n<actions>\n" +
		"<action name=\"start\"   timeout=\"20\" />\n<action name=\"stop\"    timeout=\"15\" />\n" +
		"<action name=\"status\"  timeout=\"20\" />\n<action name=\"monitor\" timeout=\"20\" interval=\"3600\" />\n" +
		"<action name=\"meta-data\"  timeout=\"15\" />\n</actions>\n" +
		"<special tag=\"heartbeat\">\n<version>2.0</version>\n</special>\n</resource-agent>\n")
	return b.Flush()
}

// glueType is the OCF content type of a parameter type.
func glueType(t ocf.Type) string {
	switch t {
	case ocf.TypeBoolean:
		return "boolean"
	case ocf.TypeInteger:
		return "integer"
	}
	return "string"
}

// esc escapes s for XML.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
