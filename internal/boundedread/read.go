package boundedread

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Errors a read is refused with.
var (
	// ErrNotRegular: the input is a FIFO, device, socket or directory.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the input is longer than the limit.
	ErrTooLarge = errors.New("input too large")
)

// chunk is how much is read between two looks at the context.
const chunk = 4 << 20

// File reads the regular file at path, at most limit bytes. What is not a
// regular file is refused before it is opened (opening a device can have
// effects of its own), and again after, should it have been swapped.
func File(ctx context.Context, path string, limit int64) ([]byte, error) {
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, kind(fi.Mode()))
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, kind(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, tooLarge(path, limit)
	}
	return readAll(ctx, f, path, fi.Size(), limit)
}

// Reader reads r to its end, at most limit bytes; name says what r is, for
// errors. When r is an *os.File that is a device other than a terminal, or
// a directory, it is refused unread. A read from a pipe or terminal returns
// as soon as ctx is done, with ctx's cause; the read itself is abandoned.
func Reader(ctx context.Context, r io.Reader, name string, limit int64) ([]byte, error) {
	f, ok := r.(*os.File)
	if !ok {
		return readAll(ctx, r, name, 0, limit)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := fi.Mode()
	switch {
	case m.IsRegular():
		if fi.Size() > limit {
			return nil, tooLarge(name, limit)
		}
		return readAll(ctx, f, name, fi.Size(), limit)
	case m&fs.ModeCharDevice != 0 && !isTerminal(f), m&fs.ModeDevice != 0 && m&fs.ModeCharDevice == 0, m.IsDir():
		return nil, fmt.Errorf("%s: %w (%s)", name, ErrNotRegular, kind(m))
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readAll(context.Background(), r, name, 0, limit)
		done <- result{data, err}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// readAll reads r in chunks, looking at ctx between them; size is what
// the input is expected to hold (0 when unknown), so that a file read
// whole fills one buffer of its size.
func readAll(ctx context.Context, r io.Reader, name string, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(size, limit)+1)
	for {
		if err := context.Cause(ctx); err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+chunk)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(name, limit)
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
}

func tooLarge(name string, limit int64) error {
	return fmt.Errorf("%s: %w: more than %d bytes", name, ErrTooLarge, limit)
}

func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// kind names a file type that is refused.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m.IsDir():
		return "a directory"
	}
	return "not a regular file"
}

// DefaultLimit is the limit of a context that sets none: a CIB of 50,000
// nodes with their status is about 600 MB.
const DefaultLimit = 1 << 30

type limitKey struct{}

// WithLimit returns ctx carrying limit, the most an input may hold, for
// the readers below it (a command's --max-input-size).
func WithLimit(ctx context.Context, limit int64) context.Context {
	return context.WithValue(ctx, limitKey{}, limit)
}

// Limit returns the limit ctx carries, else DefaultLimit.
func Limit(ctx context.Context) int64 {
	if n, ok := ctx.Value(limitKey{}).(int64); ok {
		return n
	}
	return DefaultLimit
}
