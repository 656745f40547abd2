package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
)

// TestCIBInputsAndFormats checks the three ways to give input, the CIB_file
// fallback, and that xml and json output parse and carry the exit status.
func TestCIBInputsAndFormats(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(file, cib.Empty("").Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	prim := func(id string) string {
		return `<primitive id="` + id + `" class="ocf" provider="heartbeat" type="Dummy"/>`
	}
	inFile := filepath.Join(dir, "in.xml")
	if err := os.WriteFile(inFile, []byte(prim("p2")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, e, code := runCLI(t, prim("p1"), "cib", "create", "--cib", file, "--scope", "resources"); code != 0 {
		t.Fatalf("create from stdin: exit %d: %s", code, e)
	}
	if _, e, code := runCLI(t, "", "cib", "create", "--cib", file, "-o", "resources", "-x", inFile); code != 0 {
		t.Fatalf("create from file: exit %d: %s", code, e)
	}
	t.Setenv("CIB_file", file)
	out, _, code := runCLI(t, "", "cib", "query", "--xpath", "//primitive", "--output-as", "json")
	var r jsonResult
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 || len(r.Output) != 2 || r.Status.Code != 0 {
		t.Fatalf("json query: exit %d, %v, %+v", code, err, r)
	}
	out, _, code = runCLI(t, "", "cib", "query", "--xpath", "//nosuch", "--output-as", "xml")
	res, err := cib.ParseElement([]byte(out))
	if err != nil || code != exitNoSuch || res.FindElement("status").SelectAttrValue("code", "") != "105" {
		t.Fatalf("xml query of nothing: exit %d, %v:\n%s", code, err, out)
	}
	if _, _, code := runCLI(t, "<primitive", "cib", "create", "-o", "resources"); code != exitConfig {
		t.Errorf("malformed input: exit %d, want %d", code, exitConfig)
	}
	if _, _, code := runCLI(t, "", "cib", "query", "--output-as", "yaml"); code != exitUsage {
		t.Errorf("bad --output-as: exit %d, want %d", code, exitUsage)
	}
	t.Setenv("CIB_file", "")
	t.Setenv("PATH", t.TempDir()) // no cibadmin: no cluster to reach
	if _, _, code := runCLI(t, "", "cib", "query"); code != exitDisconnect {
		t.Errorf("no CIB file and no cluster: exit %d, want %d", code, exitDisconnect)
	}
	if _, _, code := runCLI(t, "", "cib", "query", "--cib", filepath.Join(dir, "missing.xml")); code != exitNoInput {
		t.Errorf("missing CIB file: exit %d, want %d", code, exitNoInput)
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), `epoch="3"`) {
		t.Errorf("two creates should leave epoch 3:\n%s", data)
	}
}

// TestCIBEditRefusesStaleWrite has a writer that ignores the lock replace
// the file while an edit is being computed: the edit must be refused with
// 103 and the other writer's document kept.
func TestCIBEditRefusesStaleWrite(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(file, cib.Empty("").Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	other := cib.Empty("")
	if err := other.Bump(); err != nil {
		t.Fatal(err)
	}
	store := cibstore.File{Path: file}
	err := updateCIB(context.Background(), store, func(d *cib.Document) error {
		if err := os.WriteFile(file, other.Bytes(), 0o600); err != nil {
			return err
		}
		return d.Bump()
	})
	if code, _ := statusOf(err); code != exitOld {
		t.Fatalf("stale write: %v (exit %d), want exit %d", err, code, exitOld)
	}
	doc, err := readCIB(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := doc.Version(); v.Epoch != 2 || v.NumUpdates != 1 {
		t.Errorf("file holds %s, want the other writer's 0.2.1", v)
	}
}
