package meatware

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Dir is where cluster-glue's meatware and meatclient keep their FIFOs.
const Dir = "/run"

// replySize is the size of a reply: cluster-glue's meatclient writes
// exactly this many bytes and its plugin reads at most this many.
const replySize = 256

// Path returns the FIFO for host in dir, checking that the host name is
// safe as part of a file name. The name is lower-cased, as both
// cluster-glue programs do.
func Path(dir, host string) (string, error) {
	h := strings.ToLower(host)
	if h == "" || len(h) > 200 || h[0] == '.' || strings.ContainsFunc(h, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' && r != '_' && r != '.'
	}) {
		return "", fmt.Errorf("host name %q: only letters, digits, '-', '_' and '.' (not first) are allowed", host)
	}
	return filepath.Join(dir, "meatware."+h), nil
}

// Reply returns the confirmation for host as meatclient writes it.
func Reply(host string) []byte {
	b := make([]byte, replySize)
	copy(b, "meatware reply "+strings.ToLower(host))
	return b
}

// ErrNoRequest is returned by Open and Confirm when no agent waits for the
// host.
var ErrNoRequest = errors.New("no fencing request is waiting")

// Request is a waiting agent's FIFO, opened by the client side.
type Request struct {
	f    *os.File
	host string
}

// Open opens the FIFO of the agent waiting for host in dir, which tells
// the agent that a client is there. It fails with ErrNoRequest when the
// FIFO is missing or nobody reads it. Confirm or Cancel the request.
func Open(dir, host string) (*Request, error) {
	path, err := Path(dir, host)
	if err != nil {
		return nil, err
	}
	f, err := open(path, os.O_WRONLY|syscall.O_NONBLOCK)
	if err != nil {
		return nil, err
	}
	return &Request{f: f, host: host}, nil
}

// Confirm writes the confirmation and closes the FIFO.
func (r *Request) Confirm() error {
	if _, err := r.f.Write(Reply(r.host)); err != nil {
		r.f.Close()
		return fmt.Errorf("%s: %w", r.f.Name(), err)
	}
	return r.f.Close()
}

// Cancel closes the FIFO without confirming: the agent fails at once.
func (r *Request) Cancel() error { return r.f.Close() }

// Confirm confirms the reset of host to the agent waiting in dir.
func Confirm(dir, host string) error {
	r, err := Open(dir, host)
	if err != nil {
		return err
	}
	return r.Confirm()
}

// open opens a FIFO, refusing anything else, and maps a missing FIFO or
// one without a reader to ErrNoRequest.
func open(path string, flag int) (*os.File, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%w)", path, ErrNoRequest, err)
	}
	if fi.Mode().Type() != os.ModeNamedPipe {
		return nil, fmt.Errorf("%s: not a FIFO", path)
	}
	f, err := os.OpenFile(path, flag, 0)
	if errors.Is(err, syscall.ENXIO) {
		return nil, fmt.Errorf("%s: %w (nobody is reading it)", path, ErrNoRequest)
	}
	return f, err
}

// await creates host's FIFO in dir and waits until ctx ends for a
// confirmation. The FIFO is removed on return.
func await(ctx context.Context, dir, host string) error {
	path, err := Path(dir, host)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale %s: %w", path, err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(path)
	if err := os.Chmod(path, 0o600); err != nil {
		return err
	}
	f, err := openReader(ctx, path)
	if err != nil {
		return err
	}
	defer f.Close()
	stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	defer stop()
	buf := make([]byte, replySize)
	n, err := io.ReadFull(f, buf)
	if ctx.Err() != nil {
		return fmt.Errorf("no confirmation for %s: %w", host, ctx.Err())
	}
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return fmt.Errorf("the operator cancelled the reset of %s", host)
	}
	return check(buf[:n], host)
}

// openReader opens path for reading, which blocks until a writer comes;
// when ctx ends first, it opens the FIFO for writing itself to wake the
// open, and fails.
func openReader(ctx context.Context, path string) (*os.File, error) {
	type res struct {
		f   *os.File
		err error
	}
	ch := make(chan res, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_RDONLY, 0)
		ch <- res{f, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("open %s: %w", path, r.err)
		}
		return r.f, nil
	case <-ctx.Done():
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		if r := <-ch; r.f != nil {
			r.f.Close()
		}
		return nil, fmt.Errorf("no confirmation for %s: %w", filepath.Base(path), ctx.Err())
	}
}

// check parses a reply: "meatware reply <host>", NUL padded.
func check(b []byte, host string) error {
	text, _, _ := bytes.Cut(b, []byte{0})
	w := strings.Fields(string(text))
	if len(w) != 3 || w[0] != "meatware" || w[1] != "reply" {
		return fmt.Errorf("malformed confirmation %.40q for %s", text, host)
	}
	if !strings.EqualFold(w[2], host) {
		return fmt.Errorf("the confirmation names %q, not %s", w[2], host)
	}
	return nil
}
