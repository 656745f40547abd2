package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestVerifyExitStatus checks verify's exit statuses and output forms on
// CIBs of the broken corpus.
func TestVerifyExitStatus(t *testing.T) {
	dir := filepath.Join(peertest.RepoRoot(t), "testdata", "cib", "broken")
	errCase := filepath.Join(dir, "duplicate-primitive-id.xml")
	warnCase := filepath.Join(dir, "fencing-device-no-monitor.xml")

	out, _, code := runCLI(t, "", "verify", errCase)
	if code != exitConfig || !strings.HasPrefix(out, "error: web (line ") {
		t.Errorf("errors: exit %d, output %q", code, out)
	}
	out, _, code = runCLI(t, "", "verify", warnCase)
	if code != 0 || !strings.HasPrefix(out, "warning: st-node1 ") || strings.Count(out, "\n") != 1 {
		t.Errorf("warnings only: exit %d, output %q", code, out)
	}
	if _, _, code := runCLI(t, "", "verify", "--strict", warnCase); code != exitConfig {
		t.Errorf("--strict with warnings: exit %d", code)
	}
	t.Setenv("CIB_file", errCase)
	out, _, code = runCLI(t, "", "verify", "--output-as", "json")
	var r struct {
		Findings []jsonFinding `json:"findings"`
		Status   jsonStatus    `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitConfig || r.Status.Code != exitConfig || len(r.Findings) == 0 {
		t.Errorf("json via CIB_file: exit %d, %v, %+v", code, err, r)
	}
	out, _, code = runCLI(t, "", "verify", "--output-as", "xml", warnCase)
	if e, err := cib.ParseElement([]byte(out)); err != nil || code != 0 || len(e.FindElements("//finding")) != 1 {
		t.Errorf("xml: exit %d, %v:\n%s", code, err, out)
	}
	if _, _, code := runCLI(t, "<cib>", "verify", "-"); code != exitConfig {
		t.Errorf("malformed stdin: exit %d", code)
	}
	if _, _, code := runCLI(t, "", "verify", filepath.Join(dir, "missing.xml")); code != exitNoInput {
		t.Errorf("missing file: exit %d", code)
	}
}
