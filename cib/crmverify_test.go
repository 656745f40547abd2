package cib

import (
	"bytes"
	"github.com/beevik/etree"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// crmVerifyResult is what crm_verify -V -x said about a file.
type crmVerifyResult struct {
	exit   int
	errors []string // the "error:" lines, as printed
}

// runCrmVerify runs the installed crm_verify -V -x on data.
func runCrmVerify(t testing.TB, crmVerify string, data []byte) crmVerifyResult {
	t.Helper()
	f := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(crmVerify, "-V", "-x", f)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run()
	r := crmVerifyResult{exit: cmd.ProcessState.ExitCode()}
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, "error:") || strings.Contains(l, "validity error") || strings.Contains(l, "crm_verify: This tool") {
			r.errors = append(r.errors, strings.ReplaceAll(l, f, "cib.xml"))
		}
	}
	return r
}

// crmVerifyFinding maps one of crm_verify's error messages to the finding
// executioner verify must report for it: the check and, where crm_verify
// names one, the element id (a submatch of the pattern).
type crmVerifyFinding struct {
	re    *regexp.Regexp
	check string
	id    int // submatch holding the element id; 0 for none
}

var crmVerifyFindings = []crmVerifyFinding{
	{regexp.MustCompile(`Ignoring constraint '([^']+)' because`), "constraint-target", 1},
	{regexp.MustCompile(`Constraint '([^']+)' has invalid value for influence`), "influence-value", 1},
	{regexp.MustCompile(`no STONITH resources have been defined|Either configure some or disable STONITH|Clusters with shared data need STONITH`), "no-stonith-device", 0},
	{regexp.MustCompile(`Using default value for cluster option '([^']+)'`), "option-value", 0},
	{regexp.MustCompile(`Resetting 'requires' for (\S+) to`), "requires-value", 1},
	{regexp.MustCompile(`IDREF attribute \S+ references an unknown ID "([^"]*)"`), "dangling-reference", 0},
	{regexp.MustCompile(`validity error : ID (\S+) redefined`), "duplicate-id", 1},
	{regexp.MustCompile(`XML Error|Parsing failed|Couldn't fully parse|Partial|only check complete configurations`), "well-formed", 0},
	{regexp.MustCompile(`Relax-NG validity error|CIB did not pass schema validation|Errors found during check`), "", 0},
}

// matchFinding returns the findings crm_verify's line asks for, and false
// when the line is not one the table knows.
func matchFinding(line string) (check, id string, known bool) {
	for _, m := range crmVerifyFindings {
		sub := m.re.FindStringSubmatch(line)
		if sub == nil {
			continue
		}
		if m.id > 0 {
			id = sub[m.id]
		}
		return m.check, id, true
	}
	return "", "", false
}

var unknownIDRE = regexp.MustCompile(`references an unknown ID "([^"]*)"`)

// missingFindings returns crm_verify's errors executioner did not report.
// When the schema validator rejects an element it forgets its ids, so
// references to them then show up as unknown IDs: those follow-on errors
// only need some error of ours.
func missingFindings(cv crmVerifyResult, doc *Document, ours []Finding) []string {
	var ids map[string]*etree.Element
	if doc != nil {
		ids = newIndex(doc).ids
	}
	var missing []string
	for _, line := range cv.errors {
		check, id, known := matchFinding(line)
		if !known {
			missing = append(missing, "unmapped: "+line)
			continue
		}
		if m := unknownIDRE.FindStringSubmatch(line); m != nil && ids[m[1]] != nil {
			check = ""
		}
		if check == "" {
			if !HasErrors(ours) {
				missing = append(missing, line)
			}
			continue
		}
		if !hasFinding(ours, check, id) {
			missing = append(missing, line)
		}
	}
	return missing
}

func hasFinding(fs []Finding, check, id string) bool {
	for _, f := range fs {
		if f.Severity == Error && f.Check == check && (id == "" || f.ID == id) {
			return true
		}
	}
	return false
}

// withoutStatus returns data with the <status> section removed.
func withoutStatus(t testing.TB, data []byte) []byte {
	t.Helper()
	doc, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if s := doc.Root().SelectElement("status"); s != nil {
		doc.Root().RemoveChild(s)
	}
	return doc.Bytes()
}

// TestVerifyAgreesWithCrmVerify runs crm_verify -V -x and Verify on every
// scheduler case with its status removed: where crm_verify passes, Verify
// must report no error; where it fails, Verify must report each of its
// errors.
func TestVerifyAgreesWithCrmVerify(t *testing.T) {
	crmVerify := peertest.Program(t, "crm_verify")
	files := peertest.SchedulerCases(t)
	clean, failing, agree := 0, 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = withoutStatus(t, data)
		cv := runCrmVerify(t, crmVerify, data)
		doc, v := Verify(data)
		ours := v.Findings
		name := filepath.Base(f)
		if cv.exit == 0 {
			clean++
			if HasErrors(ours) {
				t.Errorf("%s: crm_verify passes but we report %v", name, firstError(ours))
				continue
			}
			agree++
			continue
		}
		failing++
		if missing := missingFindings(cv, doc, ours); len(missing) > 0 {
			t.Errorf("%s: crm_verify reports errors we do not: %q", name, missing)
			continue
		}
		agree++
	}
	t.Logf("crm_verify -V -x: %d clean, %d not; executioner verify agrees on %d of %d", clean, failing, agree, len(files))
}

func firstError(fs []Finding) string {
	for _, f := range fs {
		if f.Severity == Error {
			return f.String()
		}
	}
	return ""
}
