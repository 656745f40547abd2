package cibstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive flock on the lock file at path, waiting until
// ctx ends, and returns its release. The lock is tied to an open file, so
// a writer that dies releases it. A lock file replaced while this writer
// waited (someone removed it) is locked again, so two writers never hold
// locks on different files of the same name.
func lock(ctx context.Context, path string) (func(), error) {
	for {
		fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if err := flock(ctx, fh); err != nil {
			return nil, err
		}
		if same(fh, path) {
			return func() {
				_ = unix.Flock(int(fh.Fd()), unix.LOCK_UN)
				fh.Close()
			}, nil
		}
		_ = unix.Flock(int(fh.Fd()), unix.LOCK_UN)
		fh.Close()
	}
}

// flock waits for the lock on fh until ctx ends. A wait given up leaves a
// goroutine that releases the lock as soon as it is granted.
func flock(ctx context.Context, fh *os.File) error {
	if err := unix.Flock(int(fh.Fd()), unix.LOCK_EX|unix.LOCK_NB); err == nil {
		return nil
	} else if !errors.Is(err, unix.EWOULDBLOCK) {
		fh.Close()
		return err
	}
	got := make(chan error, 1)
	go func() {
		for {
			err := unix.Flock(int(fh.Fd()), unix.LOCK_EX)
			if err != unix.EINTR {
				got <- err
				return
			}
		}
	}()
	select {
	case err := <-got:
		if err != nil {
			fh.Close()
		}
		return err
	case <-ctx.Done():
		go func() {
			if <-got == nil {
				_ = unix.Flock(int(fh.Fd()), unix.LOCK_UN)
			}
			fh.Close()
		}()
		return fmt.Errorf("waiting for the lock: %w", ctx.Err())
	}
}

// same reports whether the open file fh is still the file at path.
func same(fh *os.File, path string) bool {
	a, err := fh.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// removeDeadTemps removes the temporary files (".NAME.NNNN") a writer of
// path left when it died before its rename. It runs under the lock, which
// every writer holds while its temporary file exists, so none of them is
// a live writer's. Other names, the lock file among them, are left alone.
func removeDeadTemps(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+"."
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if ok && rest != "" && strings.Trim(rest, "0123456789") == "" && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
