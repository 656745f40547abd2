package all

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
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

// TestTargetNeeded: every agent that is not its own target refuses on,
// off, reboot and status without plug or nodename, before it runs.
func TestTargetNeeded(t *testing.T) {
	r := Registry()
	for _, name := range names(r) {
		a, _, _ := r.Lookup(name)
		md := a.Metadata(name)
		if md.TargetOptional {
			continue
		}
		for _, act := range []ocf.Action{ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus} {
			if !md.Has(act) {
				continue
			}
			var errb bytes.Buffer
			err := agents.Execute(context.Background(), a, agents.Invocation{Name: name, Stdin: strings.NewReader("action=" + string(act) + "\n"),
				Stderr: &errb, Hostname: "agenttest-local"})
			if ocf.CodeOf(err) != ocf.ExitFailure || !strings.Contains(errb.String(), "nodename") {
				t.Errorf("%s %s without a target: exit %d, %q", name, act, ocf.CodeOf(err), errb.String())
			}
		}
	}
}
