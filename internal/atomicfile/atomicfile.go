package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Replace replaces the file at path with data, mode perm: written to
// path+".new" (truncated first, so a file a crash left there is
// overwritten), synced, renamed over path and the directory synced. On
// an error before the rename the temporary file is removed and path left
// as it was.
func Replace(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".new"
	err := writeSynced(tmp, data, perm)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// writeSynced writes data to a new or truncated file at path, syncs and
// closes it; the first error is returned.
func writeSynced(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// SyncDir makes a rename in dir (or a new entry there) durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
