package main

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// startMain starts this test binary as "executioner ARGS" (see TestMain)
// with standard input from a pipe, and returns the pipe's write end.
func startMain(t *testing.T, args ...string) (*exec.Cmd, io.WriteCloser, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "EXECUTIONER_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, in, &stderr
}

// TestSignalsStopCommands: a command waiting for its input stops on SIGINT
// or SIGTERM with 130 or 143 and one line, and an edit stopped so writes
// nothing. The command has read a megabyte of the input when the signal is
// sent (the pipe holds less), so its handler is in place.
func TestSignalsStopCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cib.xml")
	orig := cib.Empty("").Bytes()
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		args []string
	}{
		{syscall.SIGTERM, 143, []string{"verify", "-"}},
		{syscall.SIGINT, 130, []string{"cib", "modify", "--cib", path}},
		{syscall.SIGTERM, 143, []string{"configure", "--cib", path, "load", "update", "-"}},
	} {
		cmd, in, stderr := startMain(t, c.args...)
		if _, err := in.Write(bytes.Repeat([]byte("<!-- waiting -->\n"), 1<<16)); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		in.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != c.code {
			t.Errorf("%v after %v: %v, want exit %d", c.args, c.sig, err, c.code)
		}
		want := "executioner: interrupted by " + map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[c.sig] + "\n"
		if stderr.String() != want {
			t.Errorf("%v: stderr %q, want %q", c.args, stderr, want)
		}
		if state := dirState(t, dir); len(state) != 1 || state["cib.xml"] != string(orig) {
			t.Errorf("%v: the interrupted command changed %s: %v", c.args, dir, strings.Join(slices.Collect(maps.Keys(state)), " "))
		}
	}
}
