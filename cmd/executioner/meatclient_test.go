package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/meatware"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// runCmd runs the executioner command line in-process and returns its
// exit code, stdout and stderr.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runWithInput(t, strings.NewReader(stdin), args...)
}

// runWithInput is runCmd with any standard input (a file, a pipe).
func runWithInput(t *testing.T, stdin io.Reader, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(&out)
	root.SetErr(&errb)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := root.ExecuteContext(ctx)
	code := 0
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		code = ee.code
		if ee.err != nil {
			fmt.Fprintln(&errb, ee.err)
		}
	case err != nil:
		code = exitUsage
		fmt.Fprintln(&errb, err)
	}
	return code, out.String(), errb.String()
}

// exitStatus waits for cmd and returns its exit status.
func exitStatus(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// TestMeatclientWithPlugin: our meatclient answers cluster-glue's meatware
// plugin, confirming (y) and cancelling (n).
func TestMeatclientWithPlugin(t *testing.T) {
	stonith := peertest.Program(t, "stonith")
	peertest.Writable(t, meatware.Dir)
	host := fmt.Sprintf("mwcli%d", os.Getpid())
	for _, c := range []struct {
		answer       string
		ours, theirs int
		said         string
	}{{"y\n", 0, 0, "reset confirmed"}, {"n\n", 3, 5, "operation canceled"}} {
		st := exec.Command(stonith, "-t", "meatware", "hostlist="+host, "-T", "reset", host)
		if err := st.Start(); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCmd(t, c.answer, "meatclient", "-w", "-c", strings.ToUpper(host))
		if code != c.ours || !strings.Contains(out, "PROCEED? [yN]") || !strings.Contains(out, c.said) {
			t.Errorf("meatclient answering %q: exit %d\n%s%s", c.answer, code, out, stderr)
		}
		if rc := exitStatus(t, st); rc != c.theirs {
			t.Errorf("stonith -t meatware after our meatclient answered %q: rc %d, want %d", c.answer, rc, c.theirs)
		}
		os.Remove(meatware.Dir + "/meatware." + host) // cluster-glue leaves it after a cancel
	}
}

// TestMeatclientNoRequest: like cluster-glue's, exit 4 and one line.
func TestMeatclientNoRequest(t *testing.T) {
	code, _, stderr := runCmd(t, "y\n", "meatclient", "--dir", t.TempDir(), "-c", "node1")
	if code != 4 || !strings.HasPrefix(stderr, "Meatware_IPC failed: ") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCmd(t, "", "meatclient"); code != exitUsage {
		t.Errorf("without -c: exit %d", code)
	}
}

// TestMeatclientWithAgent: our meatclient confirms our agent's request.
func TestMeatclientWithAgent(t *testing.T) {
	dir := t.TempDir()
	a := &meatware.Agent{Dir: dir}
	done := make(chan int, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		done <- agenttest.Exec(ctx, a, "fence_exec_meatware", "action=reboot\nhostlist=n1\nport=n1\n", nil).Code
	}()
	code, out, _ := runCmd(t, "yes\n", "meatclient", "--dir", dir, "-w", "-c", "N1")
	if code != 0 || <-done != 0 {
		t.Errorf("meatclient exit %d\n%s", code, out)
	}
}
