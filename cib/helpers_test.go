package cib

import (
	"os"
	"path/filepath"
	"testing"
)

// skipOrFail skips the test on a developer machine and fails it under CI,
// where every peer and fixture must be present.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// repoRoot is the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// sharedCases returns the scheduler conformance cases in ../shared (or in
// $SHARED, relative to the repo root when not absolute).
func sharedCases(t testing.TB) []string {
	t.Helper()
	root := repoRoot(t)
	shared := filepath.Join(root, "..", "shared")
	if env := os.Getenv("SHARED"); env != "" {
		shared = env
		if !filepath.IsAbs(shared) {
			shared = filepath.Join(root, shared)
		}
	}
	files, _ := filepath.Glob(filepath.Join(shared, "conformance", "scheduler", "cases", "*.xml"))
	if len(files) == 0 {
		skipOrFail(t, "no scheduler cases under %s (set SHARED to the shared directory)", shared)
	}
	return files
}
