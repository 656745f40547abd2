package cibstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/boundedread"
)

// canceledOnceWritten is a context that is canceled from the moment the
// new document's temporary file exists: the signal arrives after the write
// started, before the rename.
type canceledOnceWritten struct {
	context.Context
	dir string
}

func (c canceledOnceWritten) Err() error {
	if tempFiles(c.dir) > 0 {
		return context.Canceled
	}
	return nil
}

// tempFiles counts the writers' temporary files in dir (".cib.xml.NNNN",
// not the lock file).
func tempFiles(dir string) int {
	names, _ := filepath.Glob(filepath.Join(dir, ".cib.xml.*"))
	n := 0
	for _, p := range names {
		if !strings.HasSuffix(p, ".lock") {
			n++
		}
	}
	return n
}

// TestUpdateInterruptedBeforeRename: an update interrupted once its
// temporary file is written leaves the CIB as it was and the temporary
// file removed.
func TestUpdateInterruptedBeforeRename(t *testing.T) {
	f := newFile(t)
	before, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(f.Path)
	err = f.Update(canceledOnceWritten{Context: context.Background(), dir: dir}, addProperty("a"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("update: %v, want context.Canceled", err)
	}
	after, _ := os.ReadFile(f.Path)
	if string(after) != string(before) || tempFiles(dir) != 0 {
		t.Errorf("after the interrupted update: CIB unchanged %v, %d temporary files", string(after) == string(before), tempFiles(dir))
	}
}

// TestReadBounded: the file is read within the limit the context carries,
// and a FIFO or device in its place is refused.
func TestReadBounded(t *testing.T) {
	f := newFile(t)
	ctx := boundedread.WithLimit(context.Background(), 10)
	if _, err := f.Read(ctx); !errors.Is(err, boundedread.ErrTooLarge) {
		t.Errorf("read over the limit: %v, want ErrTooLarge", err)
	}
	if err := f.Update(ctx, addProperty("a")); !errors.Is(err, boundedread.ErrTooLarge) {
		t.Errorf("update over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := (File{Path: "/dev/zero"}).Read(context.Background()); !errors.Is(err, boundedread.ErrNotRegular) {
		t.Errorf("/dev/zero: %v, want ErrNotRegular", err)
	}
}
