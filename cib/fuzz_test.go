package cib

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// addCorpusSeeds adds the broken-CIB corpus (real CIBs with real mistakes)
// and an empty CIB as seeds.
func addCorpusSeeds(f *testing.F, add func(data []byte)) {
	files, _ := filepath.Glob(filepath.Join(peertest.RepoRoot(f), "testdata", "cib", "broken", "*.xml"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		add(data)
	}
	add(Empty("").Bytes())
	add([]byte(unknownCIB))
}

// FuzzParse checks that any input either fails with a *SyntaxError or
// parses into a document that writes back byte for byte, survives Clone,
// Format and a second parse, and can be verified without a panic.
func FuzzParse(f *testing.F) {
	addCorpusSeeds(f, func(data []byte) { f.Add(data) })
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, findings := Verify(data)
		if doc == nil {
			if len(findings) != 1 || findings[0].Check != "well-formed" {
				t.Fatalf("unparsable input gave %v", findings)
			}
			return
		}
		if out := doc.Bytes(); !bytes.Equal(out, data) {
			t.Fatalf("round trip differs at byte %d", firstDiff(out, data))
		}
		if out := doc.Clone().Bytes(); !bytes.Equal(out, data) {
			t.Fatal("clone writes a different document")
		}
		again, err := Parse(Format(doc.Root()))
		if err != nil {
			t.Fatalf("formatted document does not parse: %v", err)
		}
		if canonical(again.Root()) != canonical(doc.Root()) {
			t.Fatal("formatting changed the document")
		}
	})
}

// FuzzEdit applies arbitrary edits to seed CIBs: an edit either fails and
// leaves the document as it was, or succeeds with a document that parses
// again, never goes back in version, and has no duplicate ids.
func FuzzEdit(f *testing.F) {
	cibs := [][]byte{Empty("").Bytes()}
	addCorpusSeeds(f, func(data []byte) {
		if _, err := Parse(data); err == nil {
			cibs = append(cibs, data)
		}
	})
	for _, s := range [][4]string{
		{"resources", "", `<primitive id="p" class="ocf" provider="heartbeat" type="Dummy"/>`, ""},
		{"", "", `<primitive id="web" description="x"/>`, ""},
		{"constraints", "", `<constraints><rsc_location id="l" rsc="web" node="node1" score="1"/></constraints>`, ""},
		{"", "//primitive[@id='web']", `<nvpair id="web-requires" value="quorum"/>`, ""},
		{"", "//rsc_location", "", "all"},
		{"", "", `<cib epoch="99" admin_epoch="admin_epoch++"/>`, ""},
		{"status", "", `<node_state id="1" uname="node1"/>`, ""},
	} {
		for op := Create; op <= Delete; op++ {
			f.Add(uint8(op), uint8(1), s[0], s[1], s[2], s[3] != "")
		}
	}
	f.Fuzz(func(t *testing.T, op, which uint8, scope, xpath, input string, all bool) {
		doc, err := Parse(cibs[int(which)%len(cibs)])
		if err != nil {
			t.Fatal(err)
		}
		e := Edit{Op: Op(op%4 + 1), Scope: scope, XPath: xpath, All: all, AllowCreate: all}
		if input != "" {
			if e.Input, err = ParseElement([]byte(input)); err != nil {
				return
			}
		}
		before := doc.Bytes()
		old, _ := doc.Version()
		if err := doc.Apply(e); err != nil {
			if !bytes.Equal(doc.Bytes(), before) {
				t.Fatalf("failed edit %v changed the document", err)
			}
			return
		}
		again, err := Parse(doc.Bytes())
		if err != nil {
			t.Fatalf("edited document does not parse: %v", err)
		}
		v, _ := again.Version()
		if v.Compare(old) < 0 {
			t.Fatalf("version went back from %s to %s", old, v)
		}
		if errs := again.schemaErrors(); len(errs) > 0 {
			t.Fatalf("edit left %v", errs[0])
		}
	})
}
