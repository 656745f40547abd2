package pengine

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

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
			checkPacemakerAnswer(t, script, in, "UTC")
		})
	}
}

// checkPacemakerAnswer runs pacemaker-fences on the CIB at path with the
// time zone TZ=zone (the stored answers were recorded in that zone) and
// compares its answer with the stored one.
func checkPacemakerAnswer(t *testing.T, script, path, zone string) {
	t.Helper()
	cmd := exec.Command(script, path)
	cmd.Env = append(os.Environ(), "TZ="+zone)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pacemaker-fences: %v", err)
	}
	want := readFences(t, strings.TrimSuffix(path, ".xml")+".fences")
	if got := canonLines(string(out)); !sameLines(got, want) {
		t.Errorf("stored answer drifted from Pacemaker:\nstored    %q\npacemaker %q", want, got)
	}
}

// zonedCases lists testdata/zoned/ZONE/NAME.xml, CIBs whose date rules
// Pacemaker reads differently in the time zone ZONE, by zone.
func zonedCases(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	root := filepath.Join("testdata", "zoned")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".xml" {
			return err
		}
		zone, _ := filepath.Rel(root, filepath.Dir(path))
		out[filepath.ToSlash(zone)] = append(out[filepath.ToSlash(zone)], path)
		return nil
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("no zoned cases in %s (%v)", root, err)
	}
	return out
}

// TestZonedCases plans the CIBs of testdata/zoned in their time zone
// (Input.Now's location) and compares with the answers Pacemaker gave
// when run in that zone.
func TestZonedCases(t *testing.T) {
	for zone, paths := range zonedCases(t) {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("time zone %s: %v", zone, err)
		}
		for _, in := range paths {
			t.Run(zone+"/"+strings.TrimSuffix(filepath.Base(in), ".xml"), func(t *testing.T) {
				m := loadModel(t, in)
				plan, err := PlanAt(m, time.Unix(m.ExecutionDate, 0).In(loc))
				if err != nil {
					t.Fatal(err)
				}
				want := readFences(t, strings.TrimSuffix(in, ".xml")+".fences")
				if got := plan.Fences(); !sameLines(got, want) {
					t.Errorf("want %q\ngot  %q", want, got)
				}
			})
		}
	}
}

// TestZonedCasesMatchPacemaker re-runs Pacemaker on testdata/zoned, each
// CIB with TZ set to its zone.
func TestZonedCasesMatchPacemaker(t *testing.T) {
	peertest.Program(t, "crm_simulate")
	script := filepath.Join(peertest.Shared(t), "conformance", "scheduler", "pacemaker-fences")
	for zone, paths := range zonedCases(t) {
		for _, in := range paths {
			t.Run(zone+"/"+strings.TrimSuffix(filepath.Base(in), ".xml"), func(t *testing.T) {
				t.Parallel()
				checkPacemakerAnswer(t, script, in, zone)
			})
		}
	}
}
