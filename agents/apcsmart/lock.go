package apcsmart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockName is the UUCP lock file of dev, as cluster-glue names it:
// LCK.. followed by the letters and digits of the path after /dev/.
func lockName(dir, dev string) string {
	var b strings.Builder
	for _, r := range strings.TrimPrefix(dev, "/dev/") {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return filepath.Join(dir, "LCK.."+b.String())
}

// lock takes the UUCP lock of dev: a file holding our pid, created
// exclusively. A lock left by a process that no longer exists is removed.
// It returns the function that releases the lock.
func lock(dir, dev string) (func(), error) {
	name := lockName(dir, dev)
	for try := 0; try < 2; try++ {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%10d\n", os.Getpid())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(name)
				return nil, fmt.Errorf("lock %s: %w", name, werr)
			}
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		pid, alive := holder(name)
		if alive {
			return nil, fmt.Errorf("lock %s: %s is in use by process %d", name, dev, pid)
		}
		os.Remove(name) // stale
	}
	return nil, fmt.Errorf("lock %s: could not take the lock", name)
}

// holder reads the pid in a lock file and whether that process exists. An
// unreadable or empty lock counts as held, a garbled one as stale.
func holder(name string) (int, bool) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, true
	}
	text := strings.TrimSpace(string(data))
	pid, err := strconv.Atoi(text)
	if err != nil || pid <= 0 {
		return 0, text == "" // an empty file is a lock being written
	}
	err = syscall.Kill(pid, 0)
	return pid, err == nil || errors.Is(err, syscall.EPERM)
}
