package main

import (
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

// readCIBFile parses the CIB at path. A missing file exits 66, a malformed
// one 78.
func readCIBFile(path string) (*cib.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, withCode(exitNoInput, err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("%s: %w", path, err))
	}
	return doc, nil
}

// writeCIBFile replaces path with doc atomically: the new content goes to a
// temporary file in the same directory, is synced, then renamed over path,
// so a crash leaves either the old or the new document, never a torn one.
func writeCIBFile(path string, doc *cib.Document) error {
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
