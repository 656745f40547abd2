package peertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Run is the outcome of one run of a program (an installed agent, say).
type Run struct {
	Code    int  // exit code; -1 when it was killed
	Killed  bool // it was still running when the context ended
	Stdout  string
	Stderr  string
	Elapsed time.Duration
}

// String summarises the run for test failures.
func (r Run) String() string {
	return fmt.Sprintf("exit %d (killed %v) after %v\nstdout: %q\nstderr: %q", r.Code, r.Killed, r.Elapsed.Round(time.Millisecond), r.Stdout, r.Stderr)
}

// RunProgram runs prog with args and stdin, with env added to the test's
// environment, in a process group of its own that is killed when ctx ends.
// Only a failure to start it fails the test.
func RunProgram(ctx context.Context, t testing.TB, prog string, args []string, stdin string, env ...string) Run {
	t.Helper()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	r := Run{Stdout: out.String(), Stderr: errb.String(), Elapsed: time.Since(start), Killed: ctx.Err() != nil}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil && !r.Killed:
		t.Fatalf("%s: %v", prog, err)
	}
	return r
}

// MeanRun runs prog n times with stdin (and env added) and returns the
// mean wall time of one run; an exit code other than code fails b. A
// benchmark compares an agent with its peer through it.
func MeanRun(b *testing.B, n int, prog, stdin string, code int, env ...string) time.Duration {
	b.Helper()
	var total time.Duration
	for i := 0; i < n; i++ {
		r := RunProgram(context.Background(), b, prog, nil, stdin, env...)
		if r.Code != code {
			b.Fatalf("%s: want exit %d: %v", prog, code, r)
		}
		total += r.Elapsed
	}
	return total / time.Duration(max(n, 1))
}
