package pengine

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// repoRoot is the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	dir := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above " + file)
		}
		dir = parent
	}
}

// inCI reports whether missing peers must fail the tests.
func inCI() bool { return os.Getenv("CI") == "true" }

// sharedDir is ../shared beside the repository (or $SHARED, as in the
// Makefile); tests that need it skip without it, and fail under CI=true.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(repoRoot(t)), "shared")
	if env := os.Getenv("SHARED"); env != "" {
		dir = env
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(repoRoot(t), dir)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "conformance", "scheduler")); err != nil {
		if inCI() {
			t.Fatalf("shared conformance data missing: %v", err)
		}
		t.Skipf("shared conformance data missing: %v", err)
	}
	return dir
}

// requirePeer skips (or, under CI=true, fails) when a real peer program
// is not installed.
func requirePeer(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if inCI() {
			t.Fatalf("peer %s not installed", name)
		}
		t.Skipf("peer %s not installed", name)
	}
	return p
}

// loadModel parses a CIB file into the typed model.
func loadModel(t testing.TB, path string) *cib.Model {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Model()
}

// readFences reads a canonical fence list file, sorted, without blanks.
func readFences(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return canonLines(string(data))
}
