package crmsh

import (
	"bytes"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// ShowXML prints the CIB without its status section (or, with opt.IDs, the
// named objects' elements), values of obscured nvpairs replaced by ******.
func ShowXML(doc *cib.Document, opt ShowOptions) (string, error) {
	pr := &printer{obscure: opt.Obscure}
	if pr.obscure == nil {
		pr.obscure = []string{"passw*"}
	}
	c := sanitized(doc)
	var elems []*cib.Element
	if len(opt.IDs) == 0 {
		elems = []*cib.Element{c.Root()}
	} else {
		objs := listObjects(c)
		for _, id := range opt.IDs {
			i := indexOf(objs, id)
			if i < 0 {
				return "", &NotFoundError{id}
			}
			elems = append(elems, objs[i].elem.Copy())
		}
	}
	var b strings.Builder
	for _, e := range elems {
		pr.obscureTree(e)
		cib.Indent(e)
		var buf bytes.Buffer
		d, err := cib.Parse([]byte("<cib/>"))
		if err != nil {
			return "", err
		}
		d.Root().AddChild(e)
		if _, err := d.WriteTo(&buf); err != nil {
			return "", err
		}
		s := strings.TrimSpace(buf.String())
		s = strings.TrimSuffix(strings.TrimPrefix(s, "<cib>"), "</cib>")
		b.WriteString(strings.TrimSpace(s) + "\n")
	}
	return b.String(), nil
}

// obscureTree hides obscured values.
func (pr *printer) obscureTree(e *cib.Element) {
	if e.Tag == "nvpair" && e.SelectAttr("value") != nil && pr.obscured(attr(e, "name")) {
		e.CreateAttr("value", "******")
	}
	for _, c := range e.ChildElements() {
		pr.obscureTree(c)
	}
}
