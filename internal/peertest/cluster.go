package peertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// clusterPrograms are what ../shared/cluster needs besides root.
var clusterPrograms = []string{"corosync", "corosync-keygen", "pacemakerd", "crm_mon", "cibadmin", "crmadmin",
	"stonith_admin", "ipmi_sim", "ipmitool", "nsenter", "unshare", "ip", "flock"}

// DefaultClusterState is the rig's state folder unless $NSC_STATE says
// otherwise.
const DefaultClusterState = "/tmp/nscluster/state"

// Cluster is a running ../shared/cluster rig: Pacemaker and corosync on
// Nodes, each node in its own namespaces with an ipmi_sim BMC on a
// management network.
type Cluster struct {
	// Dir holds the rig's scripts.
	Dir string
	// State is the rig's state folder (logs, BMC folders, PID files).
	State string
	// Nodes are the node names, node1 to nodeN.
	Nodes []string
	env   []string
	t     testing.TB
}

// StartCluster takes the machine-wide ClusterLock, stops a cluster a
// killed test may have left, and starts a fresh n-node cluster whose nodes
// find the fence_exec_* agents of agents in /usr/sbin; env is added to the
// rig's environment (NSC_TOKEN, NSC_STACK, ...). The cluster is stopped
// (./down) when the test ends, whatever its result; before that, a failed
// test calls onFail (when not nil), which may log what it needs from the
// live cluster.
// It skips (fails under CI=true) without root or the rig's programs.
func StartCluster(t testing.TB, n int, agents string, onFail func(), env ...string) *Cluster {
	t.Helper()
	Root(t)
	for _, p := range clusterPrograms {
		Program(t, p)
	}
	dir := Shared(t, "cluster")
	if _, err := os.Stat(filepath.Join(agents, "fence_exec_ipmi")); err != nil {
		SkipOrFail(t, "no agents to put in the nodes (build them: make build): %v", err)
	}
	waited := time.Now()
	Lock(t, ClusterLock)
	if d := time.Since(waited); d > time.Second {
		t.Logf("cluster: waited %v for the machine-wide cluster lock", d.Round(time.Second))
	}
	state := os.Getenv("NSC_STATE")
	if state == "" {
		state = DefaultClusterState
	}
	c := &Cluster{Dir: dir, State: state, t: t,
		env: append([]string{"NSC_STATE=" + state, "NSC_AGENTS=" + agents}, env...)}
	if c.leftover() {
		if out, err := c.script("down"); err != nil {
			t.Fatalf("cluster: stopping a cluster left running: %v\n%s", err, out)
		}
	}
	t.Cleanup(func() {
		if t.Failed() && onFail != nil {
			onFail()
		}
		if out, err := c.script("down"); err != nil {
			t.Errorf("cluster: down: %v\n%s", err, out)
		}
	})
	if out, err := c.script("up", strconv.Itoa(n)); err != nil {
		t.Fatalf("cluster: up %d: %v\n%s", n, err, out)
	}
	for i := 1; i <= n; i++ {
		c.Nodes = append(c.Nodes, "node"+strconv.Itoa(i))
	}
	return c
}

// leftover reports whether a cluster is up or its namespaces remain.
func (c *Cluster) leftover() bool {
	if _, err := os.Stat(filepath.Join(c.State, "nodes.list")); err == nil {
		return true
	}
	out, _ := exec.Command("ip", "netns", "list").Output()
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "nsc-") {
			return true
		}
	}
	return false
}

// script runs one of the rig's scripts and returns its combined output.
func (c *Cluster) script(name string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(c.Dir, name), args...)
	cmd.Env = append(os.Environ(), c.env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

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
