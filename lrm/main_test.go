package lrm

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// agentEnv selects the behaviour of the test binary when it impersonates an
// agent.
const agentEnv = "LRM_TEST_AGENT"

func TestMain(m *testing.M) {
	if b := os.Getenv(agentEnv); b != "" {
		os.Exit(actAgent(b))
	}
	os.Exit(m.Run())
}

// termIgnored is what the ignore-term agent writes on stderr once SIGTERM
// is ignored: a run whose output lacks it ended before the agent got
// that far.
const termIgnored = "SIGTERM ignored"

// actAgent impersonates a well- or misbehaving agent.
func actAgent(behaviour string) int {
	switch behaviour {
	case "exit7":
		fmt.Println("not running")
		fmt.Fprintln(os.Stderr, "ocf-exit-reason:no state file")
		return 7
	case "echo":
		_, _ = io.Copy(os.Stdout, os.Stdin)
		fmt.Fprintf(os.Stderr, "args=%s env=%s\n", strings.Join(os.Args[1:], ","), strings.Join(os.Environ(), ","))
		return 0
	case "hang":
		time.Sleep(time.Hour)
	case "ignore-term":
		signal.Ignore(syscall.SIGTERM)
		fmt.Fprintln(os.Stderr, termIgnored)
		if os.Getenv(readyEnv) != "" { // tell the parent SIGTERM is ignored now
			_ = os.NewFile(3, "ready").Close()
		}
		time.Sleep(time.Hour)
	case "grandchild", "grandchild-hang":
		return spawnGrandchild(behaviour == "grandchild-hang")
	case "flood":
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 160 { // 10 MiB on each stream
			_, _ = os.Stdout.Write(chunk)
			_, _ = os.Stderr.Write(chunk)
		}
		return 0
	case "selfkill":
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Hour)
	case "log-interval": // record when it runs, for overlap checks
		return logInterval(os.Getenv(logEnv))
	case "no-stdin-read":
		time.Sleep(50 * time.Millisecond)
		return 3
	}
	return 99
}

// logEnv names the file where a "log-interval" agent records its run.
const logEnv = "LRM_TEST_LOG"

// logInterval appends "start NS" and "end NS" lines to path around a short
// sleep, one write each, so concurrent agents interleave whole lines.
func logInterval(path string) int {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return 95
	}
	defer f.Close()
	fmt.Fprintf(f, "start %d\n", time.Now().UnixNano())
	time.Sleep(20 * time.Millisecond)
	fmt.Fprintf(f, "end %d\n", time.Now().UnixNano())
	return 0
}

// readyEnv tells a grandchild to close file descriptor 3 once it ignores
// SIGTERM.
const readyEnv = "LRM_TEST_READY_FD"

// spawnGrandchild starts a copy of itself that ignores SIGTERM and holds
// stdout and stderr open, waits until it ignores SIGTERM, then exits (or
// hangs).
func spawnGrandchild(hang bool) int {
	self, err := os.Executable()
	if err != nil {
		return 98
	}
	gc := exec.Command(self, os.Args[1:]...)
	gc.Env = append(os.Environ(), agentEnv+"=ignore-term", readyEnv+"=1")
	gc.Stdout, gc.Stderr = os.Stdout, os.Stderr
	ready, w, err := os.Pipe()
	if err != nil {
		return 96
	}
	gc.ExtraFiles = []*os.File{w}
	if err := gc.Start(); err != nil {
		return 97
	}
	_ = w.Close()
	_, _ = io.ReadAll(ready) // EOF once the grandchild closed its end
	fmt.Printf("grandchild %d\n", gc.Process.Pid)
	if hang {
		time.Sleep(time.Hour)
	}
	return 0
}

// agentCommand returns a Command running the test binary as the agent with
// the given behaviour, tagged with a marker unique to the test.
func agentCommand(t *testing.T, behaviour string) (Command, string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	self, err = filepath.Abs(self)
	if err != nil {
		t.Fatal(err)
	}
	marker := fmt.Sprintf("--lrm-marker=%s-%d", t.Name(), time.Now().UnixNano())
	return Command{
		Path: self,
		Args: []string{marker},
		// The agent is this (maybe race-instrumented) binary: no exit delay.
		Env:   []string{agentEnv + "=" + behaviour, "GORACE=atexit_sleep_ms=0"},
		Grace: 200 * time.Millisecond,
	}, marker
}

// survivors lists the live processes whose command line holds marker,
// found by scanning /proc independently of the code under test.
func survivors(marker string) []string {
	paths, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var live []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(b), marker) {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(filepath.Dir(p), "stat"))
		if err != nil {
			continue
		}
		s := string(stat)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && len(s) > i+2 && (s[i+2] == 'Z' || s[i+2] == 'X') {
			continue
		}
		live = append(live, filepath.Base(filepath.Dir(p)))
	}
	return live
}

// assertNoSurvivors fails when a process of the run is still alive.
func assertNoSurvivors(t *testing.T, marker string) {
	t.Helper()
	if live := survivors(marker); len(live) > 0 {
		t.Errorf("processes survived the run: %v", live)
	}
}

// goroutineCheck returns a function that fails the test when, after a short
// settling time, more goroutines run than when it was called.
func goroutineCheck(t *testing.T) func() {
	before := runtime.NumGoroutine()
	return func() {
		t.Helper()
		deadline := time.Now().Add(time.Minute) // a leak, not a slow machine, fails this
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Errorf("goroutines leaked: %d before, %d after", before, n)
		}
	}
}
