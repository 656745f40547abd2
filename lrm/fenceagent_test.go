package lrm

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestFenceDummy drives fence-agents' fence_dummy through FenceCommand and
// Run: parameters on standard input, as Pacemaker's fencer passes them. The
// agent keeps the simulated power state in its status file, so every
// answer is checked against that file: status exits 0 when it says "on"
// and 2 when it says "off" (or is missing), the fence-agents convention.
func TestFenceDummy(t *testing.T) {
	const agent = "/usr/sbin/fence_dummy"
	peertest.Program(t, agent)
	defer goroutineCheck(t)()
	statusFile := filepath.Join(t.TempDir(), "fence_dummy.status")
	run := func(action string) *Result {
		t.Helper()
		c, err := FenceCommand(agent, action, map[string]string{"status_file": statusFile, "nodename": "node1"}, 20*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), c)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		if res.Status != StatusExited {
			t.Fatalf("%s: %v, stderr %q", action, res.Status, res.Stderr)
		}
		return res
	}
	power := func() string {
		b, err := os.ReadFile(statusFile)
		if os.IsNotExist(err) {
			return "off"
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	checkStatus := func(step string) {
		t.Helper()
		res := run("status")
		want := map[string]int{"on": 0, "off": 2}[power()]
		if res.ExitCode != want {
			t.Errorf("%s: status exit %d with power %q, want %d; stdout %q", step, res.ExitCode, power(), want, res.Stdout)
		}
	}
	checkStatus("initially")
	for _, action := range []string{"on", "off", "reboot", "off"} {
		res := run(action)
		if !res.Success() {
			t.Fatalf("%s: exit %d, stdout %q stderr %q", action, res.ExitCode, res.Stdout, res.Stderr)
		}
		if got, want := power(), map[string]string{"on": "on", "off": "off", "reboot": "on"}[action]; got != want {
			t.Errorf("after %s: power %q, want %q", action, got, want)
		}
		checkStatus("after " + action)
	}
	if res := run("monitor"); !res.Success() {
		t.Errorf("monitor: exit %d", res.ExitCode)
	}
	if res := run("no-such-action"); res.Success() {
		t.Errorf("unknown action succeeded: stdout %q", res.Stdout)
	}
}
