package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
)

const corpusDir = "../../cib/crmsh/testdata"

// runConfigure runs "executioner configure ARGS" and returns stdout and
// the exit code main would use.
func runConfigure(t *testing.T, stdin string, args ...string) (string, int) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(append([]string{"configure"}, args...))
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

func tempCIB(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, "empty.xml"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func version(t *testing.T, path string) cib.Version {
	t.Helper()
	doc, err := readCIB(context.Background(), cibstore.File{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	v, err := doc.Version()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestConfigureLoadShow loads a corpus file and compares show with the
// answer crmsh gave for it; one load is one epoch.
func TestConfigureLoadShow(t *testing.T) {
	f := filepath.Join(corpusDir, "corpus", "01-sample.crm")
	p := tempCIB(t)
	v0 := version(t, p)
	if out, code := runConfigure(t, "", "--cib", p, "load", "update", f); code != 0 {
		t.Fatalf("load: exit %d: %s", code, out)
	}
	if v := version(t, p); v.Epoch != v0.Epoch+1 || v.NumUpdates != 0 {
		t.Errorf("version %v after one load of %v", v, v0)
	}
	want, err := os.ReadFile(f + ".show")
	if err != nil {
		t.Fatal(err)
	}
	out, code := runConfigure(t, "", "--cib", p, "show")
	if code != 0 || out != string(want) {
		t.Errorf("show (exit %d):\n%s\ncrmsh:\n%s", code, out, want)
	}
	if out, _ := runConfigure(t, "", "--cib", p, "show", "--show-passwords"); !strings.Contains(out, "password=s3cr3t") {
		t.Errorf("--show-passwords hid the password:\n%s", out)
	}
	// Loading the same text again changes nothing, so nothing is written.
	runConfigure(t, "", "--cib", p, "load", "update", f)
	if v := version(t, p); v.Epoch != v0.Epoch+1 {
		t.Errorf("a no-op load moved the version to %v", v)
	}
}

// TestConfigureErrors checks the exit codes and that a failed command
// leaves the file as it was.
func TestConfigureErrors(t *testing.T) {
	p := tempCIB(t)
	before, _ := os.ReadFile(p)
	cases := []struct {
		stdin string
		args  []string
		code  int
	}{
		{"primitive p1 Dummy op\n", []string{"load", "update", "-"}, exitDataErr},
		{"clone c1 nosuch\n", []string{"load", "update", "-"}, exitDataErr},
		{"", []string{"load", "sideways", "-"}, exitUsage},
		{"", []string{"delete", "nosuch"}, exitNoSuch},
		{"", []string{"load", "update", "/nonexistent/file.crm"}, exitNoInput},
	}
	for _, c := range cases {
		out, code := runConfigure(t, c.stdin, append([]string{"--cib", p}, c.args...)...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, out)
		}
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Error("a failed command changed the CIB file")
	}
}

// TestConfigureDeleteTakesConstraints deletes a resource and checks that
// the location constraint that named it went too.
func TestConfigureDeleteTakesConstraints(t *testing.T) {
	p := tempCIB(t)
	f := filepath.Join(corpusDir, "corpus", "45-fencing-sample.crm")
	if out, code := runConfigure(t, "", "--cib", p, "load", "update", f); code != 0 {
		t.Fatalf("load: %s", out)
	}
	if out, code := runConfigure(t, "", "--cib", p, "delete", "st-alpha"); code != 0 {
		t.Fatalf("delete: %s", out)
	}
	out, _ := runConfigure(t, "", "--cib", p, "show")
	if strings.Contains(out, "primitive st-alpha") || strings.Contains(out, "l-st-alpha") {
		t.Errorf("st-alpha or its constraint survived:\n%s", out)
	}
	if !strings.Contains(out, "l-st-beta") {
		t.Errorf("an unrelated constraint went:\n%s", out)
	}
}
