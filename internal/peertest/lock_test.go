package peertest

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestLock checks that the lock is reentrant within the process and
// exclusive against another process (flock(1) on the same file).
func TestLock(t *testing.T) {
	flock := Program(t, "flock")
	const name = "peertest-selftest"
	file := filepath.Join(LockDir, name+".lock")
	t.Run("held", func(t *testing.T) {
		Lock(t, name)
		Lock(t, name) // reentrant: must not block
		if err := exec.Command(flock, "-n", file, "true").Run(); err == nil {
			t.Fatal("another process took the lock while this test held it")
		}
	})
	if out, err := exec.Command(flock, "-n", file, "true").CombinedOutput(); err != nil {
		t.Fatalf("the lock was not released when the test ended: %v %s", err, out)
	}
}
