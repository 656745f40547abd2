package peertest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/sys/unix"
)

// Machine-wide resources only one test (of any package, or any checkout) may
// use at a time. Lock names them.
const (
	// FencerLock is Pacemaker's stand-alone fencer (its IPC names are fixed)
	// and the fence_* links it needs in /usr/sbin.
	FencerLock = "fencer"
	// ClusterLock is the namespace cluster rig of ../shared/cluster (its
	// namespace names and state folder are fixed).
	ClusterLock = "cluster"
)

// LockDir holds the lock files; every checkout on the machine shares it.
const LockDir = "/tmp/executioner-peer-locks"

// held counts this process's holders of each lock: a test that already
// holds one (or a helper it calls) takes it again without blocking.
var held struct {
	sync.Mutex
	files map[string]*os.File
	count map[string]int
}

// Lock blocks until this process holds the machine-wide lock name, and
// releases it when the test ends. Within one process the lock is
// reentrant. It is an flock on a file, so a killed test never leaves it
// held; scripts take the same lock with flock(1) on LockDir/NAME.lock.
func Lock(t testing.TB, name string) {
	t.Helper()
	held.Lock()
	defer held.Unlock()
	if held.count[name] == 0 {
		f, err := acquire(name)
		if err != nil {
			t.Fatalf("peertest: lock %s: %v", name, err)
		}
		if held.files == nil {
			held.files, held.count = map[string]*os.File{}, map[string]int{}
		}
		held.files[name] = f
	}
	held.count[name]++
	t.Cleanup(func() {
		held.Lock()
		defer held.Unlock()
		if held.count[name]--; held.count[name] == 0 {
			f := held.files[name]
			_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
			f.Close()
			delete(held.files, name)
		}
	})
}

// acquire takes the flock for name, waiting as long as another process
// holds it.
func acquire(name string) (*os.File, error) {
	if err := os.MkdirAll(LockDir, 0o1777); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(LockDir, name+".lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
