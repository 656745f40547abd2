package cibstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// newFile writes an empty CIB (version 0.0.0) to a fresh directory.
func newFile(t *testing.T) File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(path, cib.Empty("").Bytes(), 0o640); err != nil {
		t.Fatal(err)
	}
	return File{Path: path}
}

// addProperty is an edit that adds the cluster property name=value to
// crm_config and counts it as a configuration change.
func addProperty(name string) func(*cib.Document) error {
	return func(d *cib.Document) error {
		in, err := cib.ParseElement([]byte(`<cluster_property_set id="cib-bootstrap-options"><nvpair id="` +
			name + `" name="` + name + `" value="1"/></cluster_property_set>`))
		if err != nil {
			return err
		}
		return d.Apply(cib.Edit{Op: cib.Modify, Scope: "crm_config", Input: in, AllowCreate: true})
	}
}

func version(t *testing.T, s Store) cib.Version {
	t.Helper()
	doc, err := s.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v, err := doc.Version()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFileUpdateWrites(t *testing.T) {
	f := newFile(t)
	ctx := context.Background()
	for _, n := range []string{"a", "b"} {
		if err := f.Update(ctx, addProperty(n)); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := f.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a", "b"} {
		if doc.Root().FindElement("//nvpair[@id='"+n+"']") == nil {
			t.Errorf("nvpair %s missing:\n%s", n, doc.Bytes())
		}
	}
	if v, _ := doc.Version(); v.Epoch != 2 {
		t.Errorf("two configuration changes gave version %s, want epoch 2", v)
	}
	fi, err := os.Stat(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v after a write, want the file's 0640 kept", fi.Mode().Perm())
	}
}

// TestFileNoChangeNoWrite: an edit that changes nothing, or fails, leaves
// the very same file (same inode: no rename happened).
func TestFileNoChangeNoWrite(t *testing.T) {
	f := newFile(t)
	before, _ := os.Stat(f.Path)
	fail := errors.New("edit failed")
	if err := f.Update(context.Background(), func(*cib.Document) error { return nil }); err != nil {
		t.Fatal(err)
	}
	err := f.Update(context.Background(), func(d *cib.Document) error {
		if err := addProperty("x")(d); err != nil {
			return err
		}
		return fail
	})
	if !errors.Is(err, fail) {
		t.Fatalf("failing edit: %v, want its own error", err)
	}
	after, _ := os.Stat(f.Path)
	if !os.SameFile(before, after) {
		t.Error("the file was replaced by an edit that changed nothing or failed")
	}
}

func TestFileRefusesUnversionedChange(t *testing.T) {
	f := newFile(t)
	err := f.Update(context.Background(), func(d *cib.Document) error {
		d.Root().CreateAttr("have-quorum", "1")
		return nil
	})
	if !errors.Is(err, ErrVersion) {
		t.Fatalf("a change without a new version: %v, want ErrVersion", err)
	}
}

// TestFileStaleAgainstUnlockedWriter has a writer that ignores the lock
// replace the file while an update is being computed: the update is
// refused with ErrStale and the other writer's document is kept.
func TestFileStaleAgainstUnlockedWriter(t *testing.T) {
	f := newFile(t)
	other := cib.Empty("")
	if err := other.Bump(); err != nil {
		t.Fatal(err)
	}
	err := f.Update(context.Background(), func(d *cib.Document) error {
		tmp := f.Path + ".editor"
		if err := os.WriteFile(tmp, other.Bytes(), 0o600); err != nil {
			return err
		}
		if err := os.Rename(tmp, f.Path); err != nil {
			return err
		}
		return addProperty("mine")(d)
	})
	if !errors.Is(err, ErrStale) {
		t.Fatalf("update over an unlocked writer's change: %v, want ErrStale", err)
	}
	want, _ := other.Version()
	if v := version(t, f); v != want {
		t.Errorf("file holds %s, want the other writer's %s", v, want)
	}
}

// TestFileRemovesDeadTemps: temporary files of writers that died are
// removed by the next writer; other dot files are not.
func TestFileRemovesDeadTemps(t *testing.T) {
	f := newFile(t)
	dir := filepath.Dir(f.Path)
	dead := []string{".cib.xml.123", ".cib.xml.4294967295"}
	kept := []string{".cib.xml.bak", ".cib.xml.12x", ".other.xml.123", "cib.xml.123"}
	for _, n := range append(append([]string(nil), dead...), kept...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("<cib"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Update(context.Background(), addProperty("a")); err != nil {
		t.Fatal(err)
	}
	for _, n := range dead {
		if _, err := os.Stat(filepath.Join(dir, n)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("dead writer's %s still there (%v)", n, err)
		}
	}
	for _, n := range append(kept, ".cib.xml.lock") {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s: %v, want it kept", n, err)
		}
	}
}

// TestFileTidy: Tidy removes dead writers' temporary files without
// writing the CIB, and waits for a live writer (one holding the lock).
func TestFileTidy(t *testing.T) {
	f := newFile(t)
	dir := filepath.Dir(f.Path)
	before, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(dir, ".cib.xml.777")
	if err := os.WriteFile(dead, before, 0o600); err != nil {
		t.Fatal(err)
	}
	unlock, err := lock(context.Background(), f.lockPath())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.Tidy(ctx); err == nil {
		t.Error("Tidy did not wait for the writer holding the lock")
	}
	if _, err := os.Stat(dead); err != nil {
		t.Errorf("a temporary file removed while its writer held the lock: %v", err)
	}
	unlock()
	if err := f.Tidy(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dead writer's file still there: %v", err)
	}
	if after, _ := os.ReadFile(f.Path); string(after) != string(before) {
		t.Error("Tidy changed the CIB")
	}
}

func TestFileReadErrors(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.xml")
	if err := os.WriteFile(bad, []byte("<cib><configuration>"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want error
	}{
		{filepath.Join(dir, "missing.xml"), ErrNotFound},
		{bad, ErrMalformed},
	} {
		if _, err := (File{Path: c.path}).Read(context.Background()); !errors.Is(err, c.want) {
			t.Errorf("read %s: %v, want %v", c.path, err, c.want)
		}
		if err := (File{Path: c.path}).Update(context.Background(), addProperty("a")); !errors.Is(err, c.want) {
			t.Errorf("update %s: %v, want %v", c.path, err, c.want)
		}
	}
	if _, err := (File{Path: fifo}).Read(context.Background()); err == nil {
		t.Error("a FIFO was read as a CIB")
	}
}

// TestFileLockWaitEndsWithContext: an update waiting for another writer's
// lock gives up when its context ends, writing nothing; the lock is free
// again once the holder releases it.
func TestFileLockWaitEndsWithContext(t *testing.T) {
	f := newFile(t)
	release, err := lock(context.Background(), f.lockPath())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Update(ctx, addProperty("late")) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("update while locked, context cancelled: %v", err)
	}
	release()
	if err := f.Update(context.Background(), addProperty("next")); err != nil {
		t.Fatal(err)
	}
	doc, err := f.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Root().FindElement("//nvpair[@id='late']") != nil || doc.Root().FindElement("//nvpair[@id='next']") == nil {
		t.Errorf("want only the second update applied:\n%s", doc.Bytes())
	}
}
