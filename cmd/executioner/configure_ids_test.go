package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/cibgen"
)

var reLevelID = regexp.MustCompile(`<fencing-level [^>]*\bid="([^"]*)"`)

// levelIDs returns the ids of the fencing levels of the CIB file at path.
func levelIDs(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range reLevelID.FindAllStringSubmatch(string(data), -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// showAndReplace writes cibgen's CIB of n nodes into dir, shows its
// configuration and loads that back with "configure load replace" (which
// gives the fencing levels fresh ids), and returns the CIB's path and the
// crm text.
func showAndReplace(t *testing.T, dir string, n int) (path, crm string) {
	t.Helper()
	path = filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(path, cibgen.Cluster(n), 0o600); err != nil {
		t.Fatal(err)
	}
	crm, errOut, code := runCLI(t, "", "configure", "--cib", path, "show")
	if code != 0 {
		t.Fatalf("configure show: exit %d: %s", code, errOut)
	}
	crmFile := filepath.Join(dir, "config.crm")
	if err := os.WriteFile(crmFile, []byte(crm), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, "", "configure", "--cib", path, "load", "replace", crmFile); code != 0 {
		t.Fatalf("configure load replace of %d nodes: exit %d: %s", n, code, errOut)
	}
	return path, crm
}

// TestConfigureLoadReplaceLargeTopology: the configuration of a generated
// CIB of 120 nodes (240 fencing levels, whose generated ids share the
// prefix "fencing": more than the 100 where crmsh's id search ends, which
// every CIB of more than 50 nodes passes, those of 300 and more nodes the
// issue reported among them) loads back with "configure load replace":
// every level gets an id of its own, and the configuration shows as before.
func TestConfigureLoadReplaceLargeTopology(t *testing.T) {
	const n = 120
	dir := t.TempDir()
	path, before := showAndReplace(t, dir, n)
	ids := levelIDs(t, path)
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	if len(ids) != 2*n || len(slices.Compact(sorted)) != len(ids) {
		t.Errorf("%d fencing levels, %d distinct ids, want %d of each", len(ids), len(slices.Compact(sorted)), 2*n)
	}
	after, errOut, code := runCLI(t, "", "configure", "--cib", path, "show")
	if code != 0 || after != before {
		t.Errorf("configure show after the load: exit %d %s; same as before: %v", code, errOut, after == before)
	}
	if _, errOut, code := runCLI(t, "", "verify", "--cib", path); code != 0 && strings.Contains(errOut, "fencing-level") {
		t.Errorf("verify after the load: exit %d: %s", code, errOut)
	}
}
