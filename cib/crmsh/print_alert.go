package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// alertChild renders a child of an alert: its attribute lists, a select
// and the recipients (in braces when an attribute list of the alert comes
// after its first recipient, which would otherwise read as the
// recipient's).
func (pr *printer) alertChild(alert, c *cib.Element) string {
	switch c.Tag {
	case "instance_attributes":
		return pr.attrSet("attributes", c)
	case "meta_attributes":
		return pr.attrSet("meta", c)
	case "select":
		s := []string{"select"}
		for _, sel := range c.ChildElements() {
			if !strings.HasPrefix(sel.Tag, "select_") {
				continue
			}
			// crmsh strips the characters of "select_" from the left (lstrip)
			s = append(s, strings.TrimLeft(sel.Tag, "selct_"))
			if sel.Tag == "select_attributes" {
				s = append(s, "{")
				for _, a := range sel.SelectElements("attribute") {
					if n := a.SelectAttr("name"); n != nil {
						s = append(s, n.Value)
					}
				}
				s = append(s, "}")
			}
		}
		return strings.Join(s, " ")
	case "recipient":
		s := []string{"to"}
		braces := complexAlert(alert)
		if braces {
			s = append(s, "{")
		}
		s = append(s, quoteWrap(attr(c, "value")))
		for _, set := range c.ChildElements() {
			switch set.Tag {
			case "instance_attributes":
				s = append(s, pr.attrSet("attributes", set))
			case "meta_attributes":
				s = append(s, pr.attrSet("meta", set))
			}
		}
		if braces {
			s = append(s, "}")
		}
		return strings.Join(s, " ")
	}
	return ""
}

// complexAlert reports whether an attribute list of the alert comes after
// its first recipient.
func complexAlert(alert *cib.Element) bool {
	seen := false
	for _, c := range alert.ChildElements() {
		switch c.Tag {
		case "recipient":
			seen = true
		case "instance_attributes", "meta_attributes":
			if seen {
				return true
			}
		}
	}
	return false
}
