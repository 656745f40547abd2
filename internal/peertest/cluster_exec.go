package peertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Script runs one of the rig's scripts (fencing, cut, heal, bench, ...) and
// fails the test when it exits non-zero.
func (c *Cluster) Script(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := c.script(name, args...)
	if err != nil {
		t.Fatalf("cluster: %s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// Exec runs a command inside a running node and returns its standard
// output, its standard error and its exit code.
func (c *Cluster) Exec(node string, args ...string) (stdout, stderr string, code int) {
	r := RunProgram(context.Background(), c.t, filepath.Join(c.Dir, "exec"), append([]string{node}, args...), "", c.env...)
	return r.Stdout, r.Stderr, r.Code
}

// Wrap is the command prefix that runs a command inside node.
func (c *Cluster) Wrap(node string) []string {
	return []string{filepath.Join(c.Dir, "exec"), node}
}

// Run runs a command inside node and returns its exit code and its output
// (standard output, then standard error).
func (c *Cluster) Run(t testing.TB, node string, args ...string) (int, string) {
	t.Helper()
	out, errOut, code := c.Exec(node, args...)
	return code, out + errOut
}

// MustExec is Exec that fails the test unless the command exits 0.
func (c *Cluster) MustExec(t testing.TB, node string, args ...string) string {
	t.Helper()
	out, errOut, code := c.Exec(node, args...)
	if code != 0 {
		t.Fatalf("cluster: on %s: %s: exit %d\n%s%s", node, strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// BMC is the node's ipmi_sim: its power state and event log.
func (c *Cluster) BMC(node string) *IPMISim {
	return &IPMISim{Dir: filepath.Join(c.State, "bmc", node)}
}

// BMCAddr is the address of node's BMC on the management network
// (port 623).
func (c *Cluster) BMCAddr(node string) string {
	x, _ := strconv.Atoi(strings.TrimPrefix(node, "node"))
	return "10.99.1." + strconv.Itoa(100+x)
}

// tracked reads one of the rig's PID files ("PID STARTTIME") and returns
// the PID while that very process lives.
func tracked(file string) (int, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, fmt.Errorf("%s: want \"PID STARTTIME\", have %q", file, b)
	}
	pid, err := strconv.Atoi(f[0])
	if err != nil {
		return 0, fmt.Errorf("%s: %w", file, err)
	}
	if st, ok := startTime(pid); !ok || st != f[1] {
		return 0, fmt.Errorf("%s: process %d is gone", file, pid)
	}
	return pid, nil
}

// SignalBMC sends sig to the node's BMC simulator: SIGSTOP makes it a dead
// BMC that answers nothing, SIGCONT brings it back.
func (c *Cluster) SignalBMC(t testing.TB, node string, sig syscall.Signal) {
	t.Helper()
	pid, err := tracked(filepath.Join(c.State, "bmc", node, "pid"))
	if err == nil {
		err = syscall.Kill(pid, sig)
	}
	if err != nil {
		t.Fatalf("cluster: signal the BMC of %s: %v", node, err)
	}
}
