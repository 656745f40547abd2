package peertest

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// ListenIn opens a TCP listener on addr inside the named network namespace
// (one of /run/netns, such as the rig's nsc-bmc), for an in-process server
// that peers in that namespace, or cabled to it, must reach. The listener
// is closed when the test ends.
//
// The socket is made on an OS thread locked for the purpose, which joins
// the namespace and returns to the test's own before it is released (a
// socket keeps the namespace it was made in); a thread that cannot return
// stays locked and ends with its goroutine.
func ListenIn(t testing.TB, netns, addr string) net.Listener {
	t.Helper()
	Root(t)
	type result struct {
		l   net.Listener
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		l, back, err := listenIn(netns, addr)
		if back {
			runtime.UnlockOSThread()
		}
		done <- result{l, err}
	}()
	r := <-done
	if r.err != nil {
		t.Fatalf("listen on %s in network namespace %s: %v", addr, netns, r.err)
	}
	t.Cleanup(func() { r.l.Close() })
	return r.l
}

// listenIn moves the calling (locked) thread into netns, listens there and
// moves it back; back is false when the thread may still be in netns.
func listenIn(netns, addr string) (l net.Listener, back bool, err error) {
	home, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, true, err
	}
	defer home.Close()
	f, err := os.Open("/run/netns/" + netns)
	if err != nil {
		return nil, true, err
	}
	defer f.Close()
	if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
		return nil, true, fmt.Errorf("setns: %w", err)
	}
	l, err = net.Listen("tcp", addr)
	if unix.Setns(int(home.Fd()), unix.CLONE_NEWNET) != nil {
		return l, false, err
	}
	return l, true, err
}
