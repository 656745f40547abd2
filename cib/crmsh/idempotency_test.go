package crmsh

import (
	"path/filepath"
	"testing"
)

// TestShowLoadShow checks that the text show prints (passwords in clear),
// loaded back with "load replace" as an administrator would after editing
// it, gives a CIB that shows the same text. (Replace keeps the nodes, which
// a fencing_topology without targets needs.)
func TestShowLoadShow(t *testing.T) {
	for _, f := range corpusFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := loadOurs(t, f)
			clear := ShowOptions{Obscure: []string{}}
			first, err := Show(doc, clear)
			if err != nil {
				t.Fatal(err)
			}
			again := doc.Clone()
			objs, err := Parse([]byte(first), "shown")
			if err != nil {
				t.Fatalf("shown text does not parse: %v\n%s", err, first)
			}
			if err := Load(again, objs, Replace); err != nil {
				t.Fatal(err)
			}
			second, err := Show(again, clear)
			if err != nil {
				t.Fatal(err)
			}
			if first != second {
				t.Errorf("show -> load -> show changed the text:\n%s\nthen:\n%s", first, second)
			}
		})
	}
}

// TestLoadTwiceIsStable loads every corpus file twice into one CIB: the
// second, updating load must change nothing.
func TestLoadTwiceIsStable(t *testing.T) {
	for _, f := range corpusFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := loadOurs(t, f)
			before := canonConfig(t, doc.Bytes())
			objs, err := Parse(readFile(t, f), f)
			if err != nil {
				t.Fatal(err)
			}
			if err := Load(doc, objs, Update); err != nil {
				t.Fatal(err)
			}
			if after := canonConfig(t, doc.Bytes()); after != before {
				t.Errorf("second load changed the CIB:\n%s\nbefore:\n%s", after, before)
			}
		})
	}
}
