package cib

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
)

// TestIndentAfterEdits checks that Indent replaces the whitespace an edit
// inserted instead of adding to it: edits followed by Indent, over and
// over, leave no blank lines and a document that indenting again does
// not change.
func TestIndentAfterEdits(t *testing.T) {
	doc, err := Parse([]byte("<cib epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\">\n  <configuration>\n    <crm_config/>\n    <nodes/>\n    <resources/>\n    <constraints/>\n  </configuration>\n  <status/>\n</cib>\n"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		in, err := ParseElement(fmt.Appendf(nil, `<cluster_property_set id="s%d"><nvpair id="n%d" name="o%d" value="%d"/></cluster_property_set>`, i, i, i, i))
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Apply(Edit{Op: Create, Scope: "crm_config", Input: in}); err != nil {
			t.Fatal(err)
		}
		Indent(doc.Root())
	}
	once := doc.Bytes()
	if blank := regexp.MustCompile(`(?m)^[ \t]*$\n`).FindAll(once, -1); len(blank) > 0 {
		t.Errorf("%d blank lines after edits and Indent:\n%s", len(blank), once)
	}
	Indent(doc.Root())
	if twice := doc.Bytes(); !bytes.Equal(once, twice) {
		t.Errorf("Indent is not idempotent:\n%s\n---\n%s", once, twice)
	}
}
