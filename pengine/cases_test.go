package pengine

import (
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

func ownCases(t testing.TB) []string {
	t.Helper()
	in, err := filepath.Glob(filepath.Join("testdata", "cases", "*.xml"))
	if err != nil || len(in) == 0 {
		t.Fatalf("no test CIBs in testdata/cases (%v)", err)
	}
	sort.Strings(in)
	return in
}

// TestCases compares Plan with the fence lists Pacemaker 2.1.5 gave for
// the package's own CIBs (see testdata/README.md).
func TestCases(t *testing.T) {
	for _, in := range ownCases(t) {
		name := strings.TrimSuffix(filepath.Base(in), ".xml")
		t.Run(name, func(t *testing.T) {
			want := readFences(t, strings.TrimSuffix(in, ".xml")+".fences")
			plan, err := Plan(loadModel(t, in))
			if err != nil {
				t.Fatal(err)
			}
			if got := plan.Fences(); !sameLines(got, want) {
				t.Errorf("want %q\ngot  %q", want, got)
			}
		})
	}
}

// TestCasesMatchPacemaker re-runs Pacemaker's scheduler on every CIB of
// testdata/cases and checks the stored answer is still what it says.
func TestCasesMatchPacemaker(t *testing.T) {
	peertest.Program(t, "crm_simulate")
	script := filepath.Join(peertest.Shared(t), "conformance", "scheduler", "pacemaker-fences")
	for _, in := range ownCases(t) {
		name := strings.TrimSuffix(filepath.Base(in), ".xml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, err := exec.Command(script, in).Output()
			if err != nil {
				t.Fatalf("pacemaker-fences: %v", err)
			}
			want := readFences(t, strings.TrimSuffix(in, ".xml")+".fences")
			if got := canonLines(string(out)); !sameLines(got, want) {
				t.Errorf("stored answer drifted from Pacemaker:\nstored    %q\npacemaker %q", want, got)
			}
		})
	}
}
