package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testChild is the environment variable that makes the test binary, run by
// supervise as the agent's child, misbehave the way it names.
const testChild = "FENCE_EXEC_TEST_CHILD"

// TestMain lets the test binary be the supervised child: the real one
// (runChild) or a misbehaving one.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if mode := os.Getenv(testChild); mode != "" {
			misbehave(mode)
		}
		os.Exit(runChild(filepath.Base(os.Args[0]), os.Args[1:]))
	}
	os.Exit(m.Run())
}

// misbehave is a child that ends the way mode says. Each prints a status
// line first, which the supervisor must not pass on without a result.
func misbehave(mode string) {
	status := os.NewFile(statusFD, "status")
	fmt.Println("Status: ON")
	fmt.Fprintf(status, "secret %x\n", "derived-s3cret-99")
	switch mode {
	case "goroutine-panic": // as a library's goroutine panics
		go func() { panic("decrypt: pad with derived-s3cret-99 and given-s3cret-11") }()
		select {}
	case "exit2": // the runtime's exit code for a panic, without a result
		os.Exit(2)
	case "killed":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	case "lies": // reports 0, exits 2
		fmt.Fprintln(status, "exit 0")
		os.Exit(2)
	case "off": // a real status off
		fmt.Fprintln(status, "exit 2")
		os.Exit(2)
	}
	os.Exit(7)
}

// superviseAs runs the supervisor with the test binary as the child.
func superviseAs(t *testing.T, mode, name, stdin string) (int, string, string) {
	t.Helper()
	t.Setenv(testChild, mode)
	var out, errb bytes.Buffer
	code := run(os.Args[0], name, nil, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestSupervisorCrashes: however the child ends without a result, the run
// exits 1 with "Failed: internal error", prints none of its stdout, and
// shows no secret; a reported result is passed on with the output.
func TestSupervisorCrashes(t *testing.T) {
	dbg := filepath.Join(t.TempDir(), "debug.log")
	stdin := "action=status\nip=127.0.0.1\nplug=n1\npassword=given-s3cret-11\ndebug_file=" + dbg + "\n"
	for _, c := range []struct{ mode, stderr string }{
		{"goroutine-panic", "Failed: internal error: panic: decrypt: pad with [hidden] and [hidden]\n"},
		{"exit2", "Failed: internal error: the agent process exited with status 2 without a result"},
		{"killed", "Failed: internal error: the agent process ended: signal: killed"},
		{"lies", "Failed: internal error: the agent process exited with status 2 without a result"},
	} {
		code, out, stderr := superviseAs(t, c.mode, "fence_exec_ipmi", stdin)
		if code != 1 || out != "" || !strings.HasPrefix(stderr, c.stderr) || strings.Contains(stderr, "s3cret") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", c.mode, code, out, stderr)
		}
	}
	b, err := os.ReadFile(dbg)
	if err != nil || !strings.Contains(string(b), "ERROR: Failed: internal error: panic: decrypt") || !strings.Contains(string(b), "goroutine ") ||
		strings.Contains(string(b), "s3cret") {
		t.Errorf("debug file after the crashes (%v):\n%s", err, b)
	}
	if code, out, stderr := superviseAs(t, "off", "fence_exec_ipmi", stdin); code != 2 || out != "Status: ON\n" {
		t.Errorf("a reported status off: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestSupervisorRealChild runs the real child (runChild) under the
// supervisor; metadata and refused runs are answered without one.
func TestSupervisorRealChild(t *testing.T) {
	for _, c := range []struct {
		name, stdin, stdout string
		code                int
	}{
		{"fence_exec_null", "action=list\nhostlist=a,B\n", "a\nb\n", 0},
		{"fence_exec_null", "action=reboot\nhostlist=a\nport=a\n", "", 0},
		{"fence_exec_null", "action=off\nhostlist=a\n", "", 1},
		{"fence_exec_dummy", "action=off\nmode=fail\nport=n1\n", "", 1},
		{"fence_exec_dummy", "action=metadata\n", `<resource-agent name="fence_exec_dummy"`, 0},
	} {
		t.Setenv(testChild, "")
		var out, errb bytes.Buffer
		start := time.Now()
		code := run(os.Args[0], c.name, nil, strings.NewReader(c.stdin), &out, &errb)
		if code != c.code || !strings.Contains(out.String(), c.stdout) {
			t.Errorf("%s %q: exit %d after %v, stdout %q, stderr %q", c.name, c.stdin, code, time.Since(start), out.String(), errb.String())
		}
	}
}
