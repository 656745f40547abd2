package crmsh

import (
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// FuzzParse feeds arbitrary text to the parser and, when it parses, to
// Load and Show: none may panic, and whatever loads must show and load
// again.
func FuzzParse(f *testing.F) {
	for _, name := range corpusFiles(f) {
		f.Add(readFile(f, name))
	}
	for _, c := range errorCases {
		f.Add([]byte(c.text()))
	}
	for _, r := range refusals {
		f.Add([]byte(r.text))
	}
	empty := loadEmpty(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, err := Parse(data, "fuzz")
		if err != nil {
			return
		}
		doc, err := cib.Parse(empty)
		if err != nil {
			t.Fatal(err)
		}
		if err := Load(doc, objs, Update); err != nil {
			return
		}
		if _, err := Show(doc, ShowOptions{}); err != nil {
			t.Fatalf("show after a successful load: %v", err)
		}
		if _, err := ShowXML(doc, ShowOptions{}); err != nil {
			t.Fatalf("show xml after a successful load: %v", err)
		}
	})
}
