package crmsh

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// A scenario is a directory under testdata/scenarios with a file "steps"
// (one "load update|replace|push FILE" or "delete ID..." per line), run
// from testdata/empty.xml by crmsh and by us. The stored answers are what
// crmsh left: answer.cib.xml and answer.show.

func scenarioDirs(t *testing.T) []string {
	dirs, err := filepath.Glob("testdata/scenarios/*/steps")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	return dirs
}

func scenarioSteps(t testing.TB, dir string) [][]string {
	var out [][]string
	for _, l := range strings.Split(string(readFile(t, filepath.Join(dir, "steps"))), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// crmScenario runs the steps with crmsh and returns the answers.
func crmScenario(t *testing.T, dir string) crmAnswers {
	cf := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(cf, loadEmpty(t), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, s := range scenarioSteps(t, dir) {
		args := append([]string{"-F", "configure"}, s...)
		if s[0] == "load" {
			abs, _ := filepath.Abs(filepath.Join(dir, s[2]))
			args = []string{"-F", "configure", "load", s[1], abs}
		}
		if _, err := crmRun(t, cf, args...); err != nil {
			t.Fatal(err)
		}
	}
	var a crmAnswers
	a.cib = readFile(t, cf)
	var err error
	if a.show, err = crmRun(t, cf, "configure", "show"); err != nil {
		t.Fatal(err)
	}
	return a
}

// ourScenario runs the steps with this package.
func ourScenario(t *testing.T, dir string) *cib.Document {
	doc, err := cib.Parse(loadEmpty(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scenarioSteps(t, dir) {
		if s[0] == "delete" {
			if err := Delete(doc, s[1:]...); err != nil {
				t.Fatal(err)
			}
			continue
		}
		m, err := ParseMethod(s[1])
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, s[2])
		objs, err := Parse(readFile(t, f), f)
		if err != nil {
			t.Fatal(err)
		}
		if err := Load(doc, objs, m); err != nil {
			t.Fatal(err)
		}
	}
	return doc
}

func TestScenarios(t *testing.T) {
	for _, dir := range scenarioDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ans := filepath.Join(dir, "answer")
			if _, err := os.Stat(ans + ".show"); *update && (err != nil || os.Getenv("CRMSH_UPDATE_ALL") != "") {
				peertest.Program(t, "crm")
				a := crmScenario(t, dir)
				if err := os.WriteFile(ans+".cib.xml", a.cib, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(ans+".show", []byte(a.show), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			doc := ourScenario(t, dir)
			if got, want := canonConfig(t, doc.Bytes()), canonConfig(t, readFile(t, ans+".cib.xml")); got != want {
				t.Errorf("configuration differs from crmsh's\nours:\n%s\ncrmsh:\n%s", got, want)
			}
			show, err := Show(doc, ShowOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := string(readFile(t, ans+".show")); show+"\n" != want && !(show == "" && want == "") {
				t.Errorf("show differs from crmsh's\nours:\n%s\ncrmsh:\n%s", show, want)
			}
		})
	}
}

// TestScenariosLive reruns crmsh on the scenarios against the stored answers.
func TestScenariosLive(t *testing.T) {
	peertest.Program(t, "crm")
	if testing.Short() {
		t.Skip("crmsh takes a while")
	}
	dirs := scenarioDirs(t)
	var jobs []crmJob
	for _, dir := range dirs {
		var cmds []string
		for _, s := range scenarioSteps(t, dir) {
			if s[0] == "load" {
				s = []string{"load", s[1], absPath(t, filepath.Join(dir, s[2]))}
			}
			cmds = append(cmds, "configure "+strings.Join(s, " "))
		}
		jobs = append(jobs, crmJob{base: loadEmpty(t), cmds: cmds})
	}
	live := crmBatch(t, jobs)
	for i, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ans := filepath.Join(dir, "answer")
			if !live[i].done || canonConfig(t, live[i].cib) != canonConfig(t, readFile(t, ans+".cib.xml")) || live[i].show != string(readFile(t, ans+".show")) {
				t.Errorf("crmsh no longer gives the stored answer for %s", dir)
			}
		})
	}
}
