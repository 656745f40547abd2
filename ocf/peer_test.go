package ocf

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// requirePeer skips the test when the program is missing, and fails it when
// CI=true (a green CI must never mean "skipped").
func requirePeer(t *testing.T, prog string) string {
	t.Helper()
	path, err := exec.LookPath(prog)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("peer %s missing: %v", prog, err)
		}
		t.Skipf("peer %s missing", prog)
	}
	return path
}

// sharedFile returns the path of a file under ../shared (the sibling of the
// repository root, or $SHARED when set), skipping (or failing under CI=true) when it is absent.
func sharedFile(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if env := os.Getenv("SHARED"); env != "" {
		shared = env // the Makefile's SHARED, for checkouts not beside shared/
	}
	p := filepath.Join(shared, rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared file %s missing: %v", rel, err)
		}
		t.Skipf("shared file %s missing", rel)
	}
	return p
}
