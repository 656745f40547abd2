package pengine

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestSharedConformance runs Plan in-process on every case of
// ../shared/conformance/scheduler (inputs from Pacemaker 2.1.5's scheduler
// suite, answers from its crm_simulate) and compares the fence lists.
// Cases that do not pass yet are listed, with a reason, in
// testdata/known-failures.txt; the test fails when an unlisted case fails
// and when a listed case passes, so the list stays honest.
func TestSharedConformance(t *testing.T) {
	dir := filepath.Join(peertest.Shared(t), "conformance", "scheduler", "cases")
	known := readKnownFailures(t, filepath.Join("testdata", "known-failures.txt"))
	inputs, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no cases in %s (%v)", dir, err)
	}
	sort.Strings(inputs)
	now := time.Now()
	passed := 0
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".xml")
		want := readFences(t, strings.TrimSuffix(in, ".xml")+".fences")
		m := loadModel(t, in)
		at := now // as crm_simulate: the CIB's execution-date, else now
		if m.ExecutionDate > 0 {
			at = time.Unix(m.ExecutionDate, 0)
		}
		plan, err := PlanAt(m, at)
		ok := err == nil && sameLines(plan.Fences(), want)
		_, listed := known[name]
		switch {
		case ok && listed:
			t.Errorf("%s passes but is listed in known-failures.txt: remove it", name)
		case !ok && !listed:
			got := []string{"error: " + errString(err)}
			if err == nil {
				got = plan.Fences()
			}
			t.Errorf("%s:\n want %q\n got  %q", name, want, got)
		case ok:
			passed++
		}
	}
	t.Logf("%d of %d cases pass, %d known failures", passed, len(inputs), len(known))
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// readKnownFailures reads "NAME reason..." lines; # starts a comment.
func readKnownFailures(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, " ")
		if strings.TrimSpace(reason) == "" {
			t.Fatalf("%s: %s has no reason", path, name)
		}
		out[name] = reason
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
