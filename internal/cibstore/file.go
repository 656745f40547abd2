package cibstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/executioner-ha/executioner/cib"
)

// File is a CIB kept in a file, as Pacemaker's tools keep one with
// CIB_file. Every writer of the file serializes on its lock (see the
// package comment).
type File struct {
	// Path is the CIB file.
	Path string
}

// Name returns the file's path.
func (f File) Name() string { return f.Path }

// Read parses the file. A missing file is ErrNotFound; anything but a
// regular file (a FIFO, a device) is refused rather than read.
func (f File) Read(ctx context.Context) (*cib.Document, error) {
	data, err := f.ReadBytes(ctx)
	if err != nil {
		return nil, err
	}
	return parse(f.Path, data)
}

// ReadBytes returns the file's content (a regular file only).
func (f File) ReadBytes(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return readRegular(f.Path)
}

// Update applies edit to the file's document as one transaction: under
// the file's lock it removes dead writers' temporary files, reads and
// parses the file, runs edit, and, if the document changed, writes it
// back atomically. The lock is waited for until ctx ends.
func (f File) Update(ctx context.Context, edit func(*cib.Document) error) error {
	unlock, err := lock(ctx, f.lockPath())
	if err != nil {
		return fmt.Errorf("%s: lock: %w", f.Path, err)
	}
	defer unlock()
	removeDeadTemps(f.Path)
	data, err := readRegular(f.Path)
	if err != nil {
		return err
	}
	doc, err := parse(f.Path, data)
	if err != nil {
		return err
	}
	changed, err := edited(f.Path, doc, edit)
	if err != nil || !changed {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return f.replace(doc, data)
}

// lockPath is the lock file beside the CIB: ".NAME.lock".
func (f File) lockPath() string {
	return filepath.Join(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".lock")
}

// readRegular reads path, refusing anything that is not a regular file.
// It opens without blocking, so a FIFO is refused rather than waited on.
func readRegular(path string) ([]byte, error) {
	fh, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, path)
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s)", path, fi.Mode().Type())
	}
	return io.ReadAll(fh)
}

// replace writes doc over the file through a synced temporary file and a
// rename, unless the file no longer holds read (a writer that ignores the
// lock changed it): then ErrStale and the file is left alone.
func (f File) replace(doc *cib.Document, read []byte) error {
	dir := filepath.Dir(f.Path)
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(f.Path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	if _, err := doc.WriteTo(tmp); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if now, err := os.ReadFile(f.Path); err != nil || !bytes.Equal(now, read) {
		os.Remove(name)
		return fmt.Errorf("%s: rewritten by a writer that does not take its lock: %w", f.Path, ErrStale)
	}
	if err := os.Rename(name, f.Path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
