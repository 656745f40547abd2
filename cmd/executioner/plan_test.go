package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// runPlan runs the plan command in-process and returns its output and
// exit code.
func runPlan(t *testing.T, args ...string) (string, int) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"plan"}, args...))
	err := root.Execute()
	code := 0
	if err != nil {
		code = exitUsage
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
	}
	return out.String(), code
}

func sortedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

const planCase = "../../pengine/testdata/cases/dc-lost-last"

func TestPlanFences(t *testing.T) {
	out, code := runPlan(t, "--format", "fences", planCase+".xml")
	want, err := os.ReadFile(planCase + ".fences") // Pacemaker's answer
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || strings.Join(sortedLines(out), "\n") != strings.Join(sortedLines(string(want)), "\n") {
		t.Errorf("exit %d, got\n%s\nwant\n%s", code, out, want)
	}
}

func TestPlanCIBFile(t *testing.T) {
	t.Setenv("CIB_file", planCase+".xml")
	viaEnv, code := runPlan(t, "--format", "fences")
	direct, _ := runPlan(t, "--format", "fences", planCase+".xml")
	if code != 0 || viaEnv != direct || viaEnv == "" {
		t.Errorf("CIB_file: exit %d, %q vs %q", code, viaEnv, direct)
	}
}

func TestPlanFormats(t *testing.T) {
	fences, _ := runPlan(t, "--format", "fences", planCase+".xml")
	out, code := runPlan(t, "--format", "json", planCase+".xml")
	var doc struct {
		Actions []struct {
			Target, Action string
			After          []string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if n := strings.Count(fences, "fence "); len(doc.Actions) != n {
		t.Errorf("json has %d actions, fence list %d", len(doc.Actions), n)
	}
	dot, code := runPlan(t, "--format", "dot", planCase+".xml")
	orders := 0
	for _, l := range strings.Split(dot, "\n") {
		if strings.Contains(l, " -> ") && !strings.Contains(l, "[") {
			orders++
		}
	}
	if code != 0 || !strings.HasPrefix(dot, "digraph fencing {") || orders != strings.Count(fences, "order ") {
		t.Errorf("dot: exit %d\n%s", code, dot)
	}
	text, code := runPlan(t, planCase+".xml")
	if code != 0 || strings.Count(text, "\n1. ") != 0 || !strings.HasPrefix(text, "1. fence ") {
		t.Errorf("text: exit %d\n%s", code, text)
	}
}

func TestPlanErrors(t *testing.T) {
	if _, code := runPlan(t, "--format", "yaml", planCase+".xml"); code != exitUsage {
		t.Errorf("bad format: exit %d, want %d", code, exitUsage)
	}
	if _, code := runPlan(t, filepath.Join(t.TempDir(), "missing.xml")); code != exitNoInput {
		t.Errorf("missing file: exit %d, want %d", code, exitNoInput)
	}
	bad := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(bad, []byte("<cib><status>"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, code := runPlan(t, bad); code != exitConfig {
		t.Errorf("malformed CIB: exit %d, want %d", code, exitConfig)
	}
	t.Setenv("CIB_file", "")
	t.Setenv("PATH", t.TempDir()) // no cibadmin: no cluster to reach
	if _, code := runPlan(t); code != exitDisconnect {
		t.Errorf("no CIB and no cluster: exit %d, want %d", code, exitDisconnect)
	}
	good := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(good, []byte(runTestCIB), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"lost", "lost=", "gone=node1", "lost=nosuchnode"} {
		if _, code := runPlan(t, "--what-if", w, good); code != exitUsage {
			t.Errorf("--what-if %s: exit %d, want %d", w, code, exitUsage)
		}
	}
}
