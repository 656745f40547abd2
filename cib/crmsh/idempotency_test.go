package crmsh

import (
	"errors"
	"strings"
	"testing"
)

// TestShowLoadShow checks that the text show prints (passwords in clear),
// loaded back into the CIB it came from with "load update" (as after
// "save" and an edit), gives a CIB that shows the same text, for both
// load update and load replace where crmsh can do it. (Loading into the
// same CIB keeps the nodes, which a fencing_topology without targets
// needs.) With load replace, ids are generated again in show's order,
// which can collide where the corpus provokes collisions on purpose, and
// the $id of a referenced nvpair is not shown, so a reference to it
// dangles; crmsh refuses those too, so only those errors are tolerated.
func TestShowLoadShow(t *testing.T) {
	for _, f := range corpusFiles(t) {
		t.Run(corpusName(f), func(t *testing.T) {
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
			if err := Load(again, objs, Update); err != nil {
				t.Fatal(err)
			}
			second, err := Show(again, clear)
			if err != nil {
				t.Fatal(err)
			}
			if first != second {
				t.Errorf("show -> load update -> show changed the text:\n%s\nthen:\n%s", first, second)
			}
			replaced := doc.Clone()
			objs, _ = Parse([]byte(first), "shown")
			if err := Load(replaced, objs, Replace); err != nil {
				var oe *ObjectError
				if errors.As(err, &oe) && (strings.Contains(oe.Msg, "used twice") || strings.Contains(oe.Msg, "refers to no element")) {
					return
				}
				t.Fatal(err)
			}
			if third, _ := Show(replaced, clear); third != first {
				t.Errorf("show -> load replace -> show changed the text:\n%s\nthen:\n%s", first, third)
			}
		})
	}
}

// TestLoadTwiceIsStable loads every corpus file twice into one CIB: the
// second, updating load must change nothing, except that a file with
// monitor lines is refused the second time (its ops exist), as crmsh
// refuses it.
func TestLoadTwiceIsStable(t *testing.T) {
	for _, f := range corpusFiles(t) {
		t.Run(corpusName(f), func(t *testing.T) {
			doc := loadOurs(t, f)
			before := canonConfig(t, doc.Bytes())
			objs, err := Parse(readFile(t, f), f)
			if err != nil {
				t.Fatal(err)
			}
			err = Load(doc, objs, Update)
			if hasMonitor(objs) {
				var oe *ObjectError
				if !errors.As(err, &oe) || !strings.Contains(oe.Msg, "already has a monitor op") {
					t.Fatalf("second load: got %v, want the monitor refused", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if after := canonConfig(t, doc.Bytes()); after != before {
				t.Errorf("second load changed the CIB:\n%s\nbefore:\n%s", after, before)
			}
		})
	}
}

func hasMonitor(objs []*Object) bool {
	for _, o := range objs {
		if o.Kind == "op" {
			return true
		}
	}
	return false
}
