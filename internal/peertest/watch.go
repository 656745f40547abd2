package peertest

import (
	"testing"

	"golang.org/x/sys/unix"
)

// WaitDir returns once cond holds, checking it at first and again after
// every change to a file in dir (inotify), so a test waits for another
// process's output without sleeping.
func WaitDir(t testing.TB, dir string, cond func() bool) {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC)
	if err != nil {
		t.Fatalf("inotify: %v", err)
	}
	defer unix.Close(fd)
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_MODIFY|unix.IN_CREATE|unix.IN_MOVED_TO|unix.IN_CLOSE_WRITE); err != nil {
		t.Fatalf("inotify %s: %v", dir, err)
	}
	buf := make([]byte, 4096)
	for !cond() {
		if _, err := unix.Read(fd, buf); err != nil && err != unix.EINTR {
			t.Fatalf("inotify %s: %v", dir, err)
		}
	}
}

// WaitEvents returns once cond holds for the power changes the BMC logged.
func (s *IPMISim) WaitEvents(t testing.TB, cond func(events []string) bool) {
	t.Helper()
	WaitDir(t, s.Dir, func() bool { return cond(s.Events(t)) })
}
