package boundedread

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cib.xml")
	want := bytes.Repeat([]byte("<cib/>\n"), 1000)
	if err := os.WriteFile(path, want, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := File(context.Background(), path, int64(len(want)))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("File: %d bytes, %v; want %d bytes", len(got), err, len(want))
	}
	if _, err := File(context.Background(), path, int64(len(want))-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte over the limit: %v, want ErrTooLarge", err)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stop")
	cancel(stop)
	if _, err := File(ctx, path, 1<<20); !errors.Is(err, stop) {
		t.Errorf("canceled: %v, want the cause", err)
	}
	if _, err := File(context.Background(), filepath.Join(dir, "missing"), 1); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestFileRefusesNonRegular: FIFOs (which would block), devices (endless),
// directories and links to them are refused without reading.
func TestFileRefusesNonRegular(t *testing.T) {
	for _, p := range append(peertest.SpecialFiles(t, t.TempDir()), "/dev/null") {
		_, err := File(context.Background(), p, 1<<30)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: %v, want ErrNotRegular naming it", p, err)
		}
	}
}

func TestReader(t *testing.T) {
	got, err := Reader(context.Background(), strings.NewReader("<cib/>"), "stdin", 6)
	if err != nil || string(got) != "<cib/>" {
		t.Fatalf("Reader: %q, %v", got, err)
	}
	if _, err := Reader(context.Background(), strings.NewReader("<cib/>"), "stdin", 5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	for _, dev := range []string{"/dev/zero", "/dev/null"} {
		f, err := os.Open(dev)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Reader(context.Background(), f, "stdin", 1<<30); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s as standard input: %v, want ErrNotRegular", dev, err)
		}
		f.Close()
	}
	path := filepath.Join(t.TempDir(), "in")
	if err := os.WriteFile(path, []byte("primitive x"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, err := Reader(context.Background(), f, "stdin", 100); err != nil || string(got) != "primitive x" {
		t.Errorf("regular file as standard input: %q, %v", got, err)
	}
}

// TestReaderPipe: a pipe is read to its end, bounded, and a read that
// never ends returns once the context is canceled.
func TestReaderPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = w.Write(bytes.Repeat([]byte("x"), 100))
		w.Close()
	}()
	if got, err := Reader(context.Background(), r, "stdin", 100); err != nil || len(got) != 100 {
		t.Errorf("pipe: %d bytes, %v", len(got), err)
	}
	r.Close()

	r1, w1, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	defer w1.Close()
	go func() { _, _ = w1.Write(bytes.Repeat([]byte("x"), 101)) }()
	if _, err := Reader(context.Background(), r1, "stdin", 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("pipe over the limit: %v", err)
	}

	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	defer w2.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("interrupted")
	done := make(chan error, 1)
	go func() {
		_, err := Reader(ctx, r2, "stdin", 100)
		done <- err
	}()
	if _, err := w2.Write([]byte("partial")); err != nil {
		t.Fatal(err)
	}
	cancel(stop)
	if err := <-done; !errors.Is(err, stop) {
		t.Errorf("canceled read of an open pipe: %v, want the cause", err)
	}
}
