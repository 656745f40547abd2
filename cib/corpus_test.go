package cib

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// corpusCase is one broken CIB of testdata/cib/broken with what crm_verify
// said about it and the finding executioner must report.
type corpusCase struct {
	name     string
	data     []byte
	cvExit   int
	cvErrors []string
	severity string
	check    string
	id       string
}

func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	dir := filepath.Join(peertest.RepoRoot(t), "testdata", "cib", "broken")
	expects, _ := filepath.Glob(filepath.Join(dir, "*.expect"))
	var cases []corpusCase
	for _, e := range expects {
		c := corpusCase{name: strings.TrimSuffix(filepath.Base(e), ".expect")}
		data, err := os.ReadFile(strings.TrimSuffix(e, ".expect") + ".xml")
		if err != nil {
			t.Fatal(err)
		}
		c.data = data
		exp, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(exp))
		for sc.Scan() {
			key, val, _ := strings.Cut(sc.Text(), ": ")
			switch key {
			case "crm_verify-exit":
				c.cvExit, _ = strconv.Atoi(val)
			case "crm_verify":
				c.cvErrors = append(c.cvErrors, val)
			case "executioner":
				f := strings.Fields(val)
				c.severity, c.check = f[0], f[1]
				if len(f) > 2 {
					c.id = f[2]
				}
			}
		}
		if c.check == "" {
			t.Fatalf("%s: no executioner line", e)
		}
		cases = append(cases, c)
	}
	return cases
}

// planChecks are the findings of executioner verify that come from the
// fencing plan (pengine), not from Verify: cmd/executioner's
// TestVerifyCorpusFindings checks those cases through the whole command.
var planChecks = []string{"device-placement"}

// TestBrokenCorpus checks every broken CIB: crm_verify, run live, still
// says what is recorded, executioner verify reports the recorded finding,
// and where crm_verify reports errors, executioner reports each of them.
func TestBrokenCorpus(t *testing.T) {
	crmVerify := peertest.Program(t, "crm_verify")
	cases := readCorpus(t)
	rejected := 0
	for _, c := range cases {
		cv := runCrmVerify(t, crmVerify, c.data)
		if cv.exit != c.cvExit || !sameLines(cv.errors, c.cvErrors) {
			t.Errorf("%s: crm_verify now exits %d with %q; recorded %d with %q", c.name, cv.exit, cv.errors, c.cvExit, c.cvErrors)
		}
		doc, v := Verify(c.data)
		ours := v.Findings
		if !slices.Contains(planChecks, c.check) && !hasSeverityFinding(ours, c.severity, c.check, c.id) {
			t.Errorf("%s: want %s %s %s, got %v", c.name, c.severity, c.check, c.id, ours)
		}
		if missing := missingFindings(cv, doc, ours); len(missing) > 0 {
			t.Errorf("%s: crm_verify reports errors we do not: %q", c.name, missing)
		}
		if cv.exit != 0 {
			rejected++
		}
	}
	if rejected < 30 {
		t.Errorf("only %d corpus CIBs are rejected by crm_verify; want at least 30", rejected)
	}
	t.Logf("%d broken CIBs, %d rejected by crm_verify, all reported by executioner verify", len(cases), rejected)
}

func hasSeverityFinding(fs []Finding, sev, check, id string) bool {
	for _, f := range fs {
		if f.Severity.String() == sev && f.Check == check && (id == "" || f.ID == id) {
			return true
		}
	}
	return false
}

// sameLines compares two lists of lines in any order; libxml2 reports
// schema errors in an order that varies between runs.
func sameLines(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
