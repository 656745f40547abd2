package controller

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// ErrSocketInUse reports that another daemon holds or answers at the API
// socket's path.
var ErrSocketInUse = errors.New("another daemon is running there")

// probeTimeout bounds the check that a socket file answers: a live daemon
// accepts at once (the kernel completes the connection before the daemon
// accepts it), a stale file refuses at once.
const probeTimeout = 5 * time.Second

// Listener is the API socket, held by one daemon: the socket file and a
// lock beside it (path + ".lock"), held for as long as the listener is
// open, that keeps a second daemon from unlinking the first one's socket.
type Listener struct {
	l    *net.UnixListener
	lock *os.File
	path string
}

// Listen takes the API socket at path for one daemon. It fails with
// ErrSocketInUse when another daemon holds the lock or answers at path; a
// socket file nobody answers at (left by a daemon that was killed) is
// replaced. Anything at path that is not a socket is left alone and is an
// error. The socket is made mode 0600.
func Listen(path string) (*Listener, error) {
	lock, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("api socket %s: %w", path, err)
	}
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		lock.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("api socket %s: %w (it holds %s.lock)", path, ErrSocketInUse, path)
		}
		return nil, fmt.Errorf("api socket %s: lock: %w", path, err)
	}
	l, err := listen(path)
	if err != nil {
		lock.Close()
		return nil, err
	}
	return &Listener{l: l, lock: lock, path: path}, nil
}

// listen replaces a stale socket file at path and listens there.
func listen(path string) (*net.UnixListener, error) {
	fi, err := os.Lstat(path)
	switch {
	case err == nil && fi.Mode()&os.ModeSocket == 0:
		return nil, fmt.Errorf("api socket %s: exists and is not a socket", path)
	case err == nil:
		if answers(path) {
			return nil, fmt.Errorf("api socket %s: %w (it answers)", path, ErrSocketInUse)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("api socket %s: remove stale socket: %w", path, err)
		}
	case !errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("api socket %s: %w", path, err)
	}
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("api socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("api socket %s: %w", path, err)
	}
	return l, nil
}

// answers reports whether something accepts connections at the socket
// path.
func answers(path string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return !errors.Is(err, unix.ECONNREFUSED) && !errors.Is(err, unix.ENOENT)
	}
	conn.Close()
	return true
}

// Path returns the socket's path.
func (l *Listener) Path() string { return l.path }

// Close stops listening, removes the socket file and releases the lock.
func (l *Listener) Close() error {
	err := l.l.Close() // unlinks the socket file
	l.lock.Close()
	return err
}
