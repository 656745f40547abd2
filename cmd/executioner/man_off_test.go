//go:build !manpages

package main

import (
	"os"
	"strings"
	"testing"
)

// TestManOff: the CLI built without the tag manpages refuses the man
// command with one line naming the build tag, and writes no page.
func TestManOff(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := runCLI(t, "", "man", dir)
	if code != exitUnimplemented || !strings.Contains(errOut, "-tags manpages") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("man: exit %d, want %d with one line naming the tag: %q", code, exitUnimplemented, errOut)
	}
	if ents, err := os.ReadDir(dir); err != nil || len(ents) != 0 {
		t.Errorf("man wrote %v (%v)", ents, err)
	}
}
