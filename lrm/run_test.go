package lrm

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunExitCodeAndOutput(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "exit7")
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusExited || res.ExitCode != 7 || res.Signal != 0 {
		t.Fatalf("status %v code %d signal %v, want exited 7", res.Status, res.ExitCode, res.Signal)
	}
	if string(res.Stdout) != "not running\n" || !strings.HasPrefix(string(res.Stderr), "ocf-exit-reason:") {
		t.Errorf("stdout %q stderr %q", res.Stdout, res.Stderr)
	}
	var ee *ExitError
	if !errors.As(res.Err(), &ee) || ee.Code != 7 || ee.Status != StatusExited {
		t.Errorf("Err() = %v, want exit status 7", res.Err())
	}
	assertNoSurvivors(t, marker)
}

func TestRunStdinArgsEnv(t *testing.T) {
	defer goroutineCheck(t)()
	c, _ := agentCommand(t, "echo")
	c.Stdin = []byte("action=off\nport=node1\n")
	c.Args = append(c.Args, "monitor")
	c.Env = append(c.Env, "OCF_ROOT=/usr/lib/ocf")
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Success() || res.Err() != nil {
		t.Fatalf("status %v code %d: %v", res.Status, res.ExitCode, res.Err())
	}
	if !bytes.Equal(res.Stdout, c.Stdin) {
		t.Errorf("agent read %q from stdin, want %q", res.Stdout, c.Stdin)
	}
	stderr := string(res.Stderr)
	for _, want := range []string{",monitor ", "OCF_ROOT=/usr/lib/ocf", "PATH=" + DefaultPath} {
		if !strings.Contains(stderr, want) {
			t.Errorf("agent saw %q, missing %q", stderr, want)
		}
	}
}

func TestRunLargeStdinNotRead(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "no-stdin-read")
	c.Stdin = bytes.Repeat([]byte("k=v\n"), 1<<18) // 1 MiB, far past a pipe buffer
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusExited || res.ExitCode != 3 {
		t.Errorf("status %v code %d, want exited 3", res.Status, res.ExitCode)
	}
	assertNoSurvivors(t, marker)
}

func TestRunTimeoutHang(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "hang")
	c.Timeout = 300 * time.Millisecond
	c.Grace = 10 * time.Second // the agent dies of SIGTERM long before
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusTimedOut || res.Signal != syscall.SIGTERM {
		t.Errorf("status %v signal %v, want timed out by SIGTERM", res.Status, res.Signal)
	}
	if res.Success() || res.Err() == nil || !strings.Contains(res.Err().Error(), "did not complete within 300ms") {
		t.Errorf("Err() = %v", res.Err())
	}
	assertNoSurvivors(t, marker)
}

// TestRunTimeoutIgnoresTerm: an agent that ignores SIGTERM is killed
// after the grace. On a busy machine the timeout may expire before the
// agent has started ignoring SIGTERM (its stderr then lacks termIgnored):
// that run shows nothing, and the next gets twice the time.
func TestRunTimeoutIgnoresTerm(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "ignore-term")
	var res *Result
	for c.Timeout = 300 * time.Millisecond; ; c.Timeout *= 2 {
		r, err := Run(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if res = r; strings.Contains(string(r.Stderr), termIgnored) {
			break
		}
		if c.Timeout > time.Hour {
			t.Fatalf("the agent never got to ignore SIGTERM: %+v", r)
		}
		t.Logf("timed out after %v before the agent ignored SIGTERM; again with more time", c.Timeout)
	}
	if res.Status != StatusTimedOut || res.Signal != syscall.SIGKILL {
		t.Errorf("status %v signal %v, want timed out by SIGKILL", res.Status, res.Signal)
	}
	if res.Duration < c.Timeout+c.Grace {
		t.Errorf("SIGKILL came after %v, before timeout plus grace", res.Duration)
	}
	assertNoSurvivors(t, marker)
}

func TestRunGrandchildHoldsPipes(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "grandchild")
	c.Timeout = 10 * time.Second
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusExited || res.ExitCode != 0 {
		t.Errorf("status %v code %d, want exited 0", res.Status, res.ExitCode)
	}
	if res.Leftovers != 1 || !strings.HasPrefix(string(res.Stdout), "grandchild ") {
		t.Errorf("leftovers %d, stdout %q: want the grandchild found", res.Leftovers, res.Stdout)
	}
	if res.Duration < c.Grace || res.Duration > 5*time.Second {
		t.Errorf("run took %v: want SIGKILL after the %v grace, not a wait on the grandchild's pipes", res.Duration, c.Grace)
	}
	assertNoSurvivors(t, marker)
}

func TestRunGrandchildTimeout(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "grandchild-hang")
	c.Timeout = 300 * time.Millisecond
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusTimedOut {
		t.Errorf("status %v, want timed out", res.Status)
	}
	assertNoSurvivors(t, marker)
}

func TestRunKeepChildren(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "grandchild")
	c.KeepChildren = true
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Leftovers != 0 || len(survivors(marker)) != 1 {
		t.Fatalf("leftovers %d, survivors %v: want the grandchild kept", res.Leftovers, survivors(marker))
	}
	if res.Duration > 5*time.Second {
		t.Errorf("run took %v: the grandchild's pipes held it", res.Duration)
	}
	signalGroup(res.PID, syscall.SIGKILL) // the group id outlives its leader
	waitGroupGone(res.PID, 2*time.Second)
	assertNoSurvivors(t, marker)
}

func TestRunFloodIsCapped(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "flood")
	c.OutputCap = 1000
	c.Timeout = 30 * time.Second
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	const total = 160 * 64 << 10
	if !res.Success() || len(res.Stdout) != 1000 || len(res.Stderr) != 1000 {
		t.Fatalf("status %v code %d, kept %d/%d bytes", res.Status, res.ExitCode, len(res.Stdout), len(res.Stderr))
	}
	if res.StdoutDropped != total-1000 || res.StderrDropped != total-1000 || !res.Truncated() {
		t.Errorf("dropped %d/%d, want %d each", res.StdoutDropped, res.StderrDropped, total-1000)
	}
	assertNoSurvivors(t, marker)
}

func TestRunSignaled(t *testing.T) {
	defer goroutineCheck(t)()
	c, _ := agentCommand(t, "selfkill")
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusSignaled || res.Signal != syscall.SIGKILL || res.ExitCode != -1 {
		t.Errorf("status %v signal %v code %d, want signaled SIGKILL", res.Status, res.Signal, res.ExitCode)
	}
	if res.Err() == nil || !strings.Contains(res.Err().Error(), "interrupted by signal killed") {
		t.Errorf("Err() = %v", res.Err())
	}
}

func TestRunContextCanceled(t *testing.T) {
	defer goroutineCheck(t)()
	c, marker := agentCommand(t, "ignore-term")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	res, err := Run(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCanceled || res.Err() == nil {
		t.Errorf("status %v, want canceled", res.Status)
	}
	assertNoSurvivors(t, marker)
	if _, err := Run(ctx, c); !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a done context: %v, want context.Canceled", err)
	}
}

func TestRunNotInstalled(t *testing.T) {
	_, err := Run(context.Background(), Command{Path: t.TempDir() + "/fence_missing"})
	if !errors.Is(err, ErrNotInstalled) {
		t.Errorf("missing agent: %v, want ErrNotInstalled", err)
	}
	notExec := filepath.Join(t.TempDir(), "fence_noexec")
	if err := os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Command{Path: notExec}); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("agent without execute permission: %v, want ErrNotInstalled", err)
	}
	_, err = Run(context.Background(), Command{Path: "/bin/true", Dir: "/nonexistent-dir"})
	if err == nil || errors.Is(err, ErrNotInstalled) {
		t.Errorf("missing working directory: %v, want a start error other than not installed", err)
	}
	if _, err := Run(context.Background(), Command{Path: "fence_relative"}); err == nil {
		t.Error("relative path accepted")
	}
	if _, err := Run(context.Background(), Command{Path: "/bin/true", Env: []string{"NOEQUALS"}}); err == nil {
		t.Error("malformed environment accepted")
	}
}
