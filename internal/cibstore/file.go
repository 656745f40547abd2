package cibstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/executioner-ha/executioner/internal/atomicfile"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/boundedread"
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
// regular file (a FIFO, a device) is refused rather than read
// (boundedread.ErrNotRegular), and so is a file over the limit ctx carries
// (boundedread.ErrTooLarge).
func (f File) Read(ctx context.Context) (*cib.Document, error) {
	data, err := f.ReadBytes(ctx)
	if err != nil {
		return nil, err
	}
	return parse(f.Path, data)
}

// ReadBytes returns the file's content (a regular file only).
func (f File) ReadBytes(ctx context.Context) ([]byte, error) {
	return readRegular(ctx, f.Path)
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
	data, err := readRegular(ctx, f.Path)
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
	return f.replace(ctx, doc, data)
}

// Tidy removes, under the file's lock, the temporary files that writers
// which died before their rename left beside it (as every Update does
// first). The fencing daemon calls it when it starts.
func (f File) Tidy(ctx context.Context) error {
	unlock, err := lock(ctx, f.lockPath())
	if err != nil {
		return fmt.Errorf("%s: lock: %w", f.Path, err)
	}
	defer unlock()
	removeDeadTemps(f.Path)
	return nil
}

// lockPath is the lock file beside the CIB: ".NAME.lock".
func (f File) lockPath() string {
	return filepath.Join(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".lock")
}

// readRegular reads path as boundedread does: a regular file only (a
// FIFO is refused rather than waited on), at most the limit ctx carries.
func readRegular(ctx context.Context, path string) ([]byte, error) {
	data, err := boundedread.File(ctx, path, boundedread.Limit(ctx))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, path)
	}
	return data, err
}

// replace writes doc over the file through a synced temporary file and a
// rename, unless the file no longer holds read (a writer that ignores the
// lock changed it): then ErrStale and the file is left alone. When ctx is
// done before the rename (the command was interrupted) the temporary file
// is removed and the file left alone too.
func (f File) replace(ctx context.Context, doc *cib.Document, read []byte) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
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
	if err := context.Cause(ctx); err != nil {
		os.Remove(name)
		return err
	}
	if now, err := readRegular(context.WithoutCancel(ctx), f.Path); err != nil || !bytes.Equal(now, read) {
		os.Remove(name)
		return fmt.Errorf("%s: rewritten by a writer that does not take its lock: %w", f.Path, ErrStale)
	}
	if err := os.Rename(name, f.Path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	return atomicfile.SyncDir(dir)
}
