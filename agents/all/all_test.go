package all

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/executioner-ha/executioner/agents"
)

var update = flag.Bool("update", false, "rewrite the golden metadata in testdata/")

// names are the installed names: every device plus the dummy variants.
func names(r *agents.Registry) []string {
	var ns []string
	for _, d := range r.Devices() {
		ns = append(ns, agents.Prefix+d)
	}
	return append(ns, agents.Prefix+"dummy_no_reboot", agents.Prefix+"dummy_no_on", agents.Prefix+"dummy_auto_unfence")
}

func TestRegistry(t *testing.T) {
	r := Registry()
	for _, d := range []string{"dummy", "ipmi", "null"} {
		if !slices.Contains(r.Devices(), d) {
			t.Errorf("devices %q lack %s", r.Devices(), d)
		}
	}
}

// TestMetadataGolden compares each agent's metadata with testdata/NAME.xml
// (regenerate with -update and review the diff; the conformance kit checks
// the schema). Writing the golden twice gives the same bytes.
func TestMetadataGolden(t *testing.T) {
	r := Registry()
	for _, name := range names(r) {
		a, _, ok := r.Lookup(name)
		if !ok {
			t.Fatalf("%s not found", name)
		}
		var buf bytes.Buffer
		if err := a.Metadata(name).WriteXML(&buf); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", name+".xml")
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s metadata differs from %s (run go test -update and review the diff)", name, golden)
		}
	}
}
