package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReplace: the file holds the new data with the mode asked, no
// temporary file is left, and a temporary file a crash left is overwritten.
func TestReplace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".new", []byte("torn, longer than the new data"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "new\n" {
		t.Fatalf("after Replace: %q, %v", got, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after Replace: %v, %v", fi.Mode().Perm(), err)
	}
	if _, err := os.Stat(path + ".new"); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
}

// TestReplaceFailsLeavingTheFile: a directory that cannot be written
// leaves the file as it was.
func TestReplaceFailsLeavingTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing-dir", "records")
	if err := Replace(path, []byte("new\n"), 0o600); err == nil {
		t.Fatal("Replace into a missing directory: no error")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("file after a failed Replace: %v", err)
	}
}
