package cib

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// addCorpusSeeds adds the broken-CIB corpus (real CIBs with real mistakes),
// the malformed and hostile inputs of testdata/hostile (small, each at an
// edge of the XML grammar) and an empty CIB as seeds.
func addCorpusSeeds(f *testing.F, add func(data []byte)) {
	root := peertest.RepoRoot(f)
	files, _ := filepath.Glob(filepath.Join(root, "testdata", "cib", "broken", "*.xml"))
	hostile, _ := filepath.Glob(filepath.Join(root, "testdata", "hostile", "*.xml"))
	files = append(files, hostile...)
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
		doc, v := Verify(data)
		findings := v.Findings
		if doc == nil {
			if len(findings) != 1 || findings[0].Check != "well-formed" {
				t.Fatalf("unparsable input gave %v", findings)
			}
			return
		}
		if want := len(doc.SchemaErrors()) > 0; v.SchemaErrors != want {
			t.Fatalf("Verify says schema errors %v, SchemaErrors %v", v.SchemaErrors, want)
		}
		if out := doc.Bytes(); !bytes.Equal(out, data) {
			t.Fatalf("round trip differs at byte %d", firstDiff(out, data))
		}
		if err := otherParser(data); err != nil {
			t.Fatalf("accepted, but encoding/xml finds it malformed: %v", err)
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

// otherParser reads data with encoding/xml, a second parser: what Parse
// accepts must be well-formed to it too (it is laxer, never stricter, but
// for the XML 1.x versions it does not know).
func otherParser(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) && strings.Contains(se.Msg, "unsupported version") {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
