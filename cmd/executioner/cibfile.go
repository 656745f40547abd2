package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/executioner-ha/executioner/cib"
)

// cibPath picks the CIB file: the flag, else CIB_file, else an error.
func cibPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("CIB_file"); env != "" {
		return env, nil
	}
	return "", withCode(exitUsage, fmt.Errorf("no CIB file: give --cib FILE or set CIB_file"))
}

// readCIBFile parses the CIB at path. A file that is missing or not a
// regular file exits 66, one over the input limit 65, a malformed one 78.
func readCIBFile(ctx context.Context, path string) (*cib.Document, error) {
	data, err := readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	return parseCIB(ctx, path, data)
}

// parseCIB parses data, read from path, as a CIB (exit 78 if it is not).
func parseCIB(ctx context.Context, path string, data []byte) (*cib.Document, error) {
	doc, err := interruptible(ctx, func() (*cib.Document, error) { return cib.Parse(data) })
	if err != nil && !interrupted(ctx, err) {
		return nil, withCode(exitConfig, fmt.Errorf("%s: %w", path, err))
	}
	return doc, err
}

// writeCIBFile replaces path with doc atomically: the new content goes to a
// temporary file in the same directory, is synced, then renamed over path,
// so a crash leaves either the old or the new document, never a torn one.
// When ctx is done before the rename, the temporary file is removed and
// the file left as it was.
func writeCIBFile(ctx context.Context, path string, doc *cib.Document) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return withCode(exitCantCreat, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return withCode(exitCantCreat, fmt.Errorf("write %s: %w", path, err))
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
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return withCode(exitCantCreat, fmt.Errorf("write %s: %w", path, err))
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
