package peertest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Cluster is the namespace cluster of ../shared/cluster, up for one test:
// N nodes (node1...) running corosync and Pacemaker, each in its own
// namespaces.
type Cluster struct {
	rig string // ../shared/cluster
}

// StartCluster takes the ClusterLock, builds the fence agents the rig
// links into its nodes, brings an n-node cluster up and takes it down
// when the test ends. It needs root and the rig's peers (Pacemaker,
// corosync, ipmi_sim).
func StartCluster(t testing.TB, n int) *Cluster {
	t.Helper()
	Root(t)
	for _, p := range []string{"corosync", "pacemakerd", "cibadmin", "crm_diff", "ipmi_sim", "nsenter"} {
		Need(t, Has(p), p)
	}
	c := &Cluster{rig: Shared(t, "cluster")}
	Lock(t, ClusterLock)
	agents := t.TempDir()
	GoBuild(t, "./cmd/fence_exec", filepath.Join(agents, "fence_exec"))
	if err := os.Symlink("fence_exec", filepath.Join(agents, "fence_exec_ipmi")); err != nil {
		t.Fatal(err)
	}
	up := exec.Command(filepath.Join(c.rig, "up"), strconv.Itoa(n))
	up.Env = append(os.Environ(), "NSC_AGENTS="+agents)
	out, err := up.CombinedOutput()
	t.Cleanup(func() {
		if b, err := exec.Command(filepath.Join(c.rig, "down")).CombinedOutput(); err != nil {
			t.Errorf("cluster down: %v\n%s", err, b)
		}
	})
	if err != nil {
		t.Fatalf("cluster up %d: %v\n%s", n, err, out)
	}
	return c
}

// Wrap is the command prefix that runs a command inside node.
func (c *Cluster) Wrap(node string) []string {
	return []string{filepath.Join(c.rig, "exec"), node}
}

// Run runs a command inside node and returns its exit code and combined
// output.
func (c *Cluster) Run(t testing.TB, node string, args ...string) (int, string) {
	t.Helper()
	argv := append(c.Wrap(node), args...)
	var out bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	}
	t.Fatalf("run in %s %v: %v", node, args, err)
	return -1, ""
}
