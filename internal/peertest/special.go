package peertest

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// SpecialFiles makes in dir what a hostile caller may give as an input
// file instead of a regular one, and returns their paths: a FIFO (a read
// would wait for a writer forever), a link to /dev/zero (a read never
// ends), and a directory; /dev/zero itself is among them.
func SpecialFiles(t testing.TB, dir string) []string {
	t.Helper()
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	return []string{fifo, "/dev/zero", zero, sub}
}
