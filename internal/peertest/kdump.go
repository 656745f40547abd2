package peertest

import (
	"os/exec"
	"sync"
	"syscall"
	"testing"
)

// KdumpSend is where Debian installs fence-agents' fence_kdump_send, the
// program a crashed node's kdump environment runs.
const KdumpSend = "/usr/libexec/fence-agents/fence_kdump_send"

// StartKdumpSend runs the real fence_kdump_send as a crashed node does,
// sending its message to port every second (args add its options and
// the destination) until the test ends or the returned stop is called.
func StartKdumpSend(t testing.TB, port string, args ...string) (stop func()) {
	t.Helper()
	Need(t, Has(KdumpSend), KdumpSend)
	cmd := exec.Command(KdumpSend, append([]string{"-p", port, "-i", "1", "-c", "0"}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop = func() { once.Do(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) }
	t.Cleanup(stop)
	return stop
}
