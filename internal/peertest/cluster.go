package peertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clusterPrograms are what ../shared/cluster needs besides root.
var clusterPrograms = []string{"corosync", "corosync-keygen", "pacemakerd", "crm_mon", "cibadmin", "crmadmin",
	"crm_diff", "stonith_admin", "ipmi_sim", "ipmitool", "nsenter", "unshare", "ip", "flock"}

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

// ClusterConfig says how StartClusterWith starts the rig.
type ClusterConfig struct {
	// Nodes is how many nodes (node1 to nodeN).
	Nodes int
	// Agents is the folder of fence_exec_* agents the nodes find in
	// /usr/sbin (the project's bin/ after make build); "" builds
	// fence_exec and its fence_exec_ipmi link into a new folder.
	Agents string
	// OnFail, when not nil, runs when the test failed, before the cluster
	// is stopped: it may log what it needs from the live cluster.
	OnFail func()
	// Env is added to the rig's environment (NSC_TOKEN, NSC_STACK, ...).
	Env []string
}

// StartCluster starts an n-node cluster with freshly built agents, as
// StartClusterWith does.
func StartCluster(t testing.TB, n int) *Cluster {
	t.Helper()
	return StartClusterWith(t, ClusterConfig{Nodes: n})
}

// StartClusterWith takes the machine-wide ClusterLock, stops a cluster a
// killed test may have left, and starts a fresh cluster as cfg says. The
// cluster is stopped (./down) when the test ends, whatever its result. It
// skips (fails under CI=true) without root or the rig's programs.
func StartClusterWith(t testing.TB, cfg ClusterConfig) *Cluster {
	t.Helper()
	Root(t)
	for _, p := range clusterPrograms {
		Program(t, p)
	}
	dir := Shared(t, "cluster")
	agents := cfg.Agents
	if agents == "" {
		agents = t.TempDir()
		GoBuild(t, "./cmd/fence_exec", filepath.Join(agents, "fence_exec"))
		if err := os.Symlink("fence_exec", filepath.Join(agents, "fence_exec_ipmi")); err != nil {
			t.Fatal(err)
		}
	}
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
		env: append([]string{"NSC_STATE=" + state, "NSC_AGENTS=" + agents}, cfg.Env...)}
	if c.leftover() {
		if out, err := c.script("down"); err != nil {
			t.Fatalf("cluster: stopping a cluster left running: %v\n%s", err, out)
		}
	}
	t.Cleanup(func() {
		if t.Failed() && cfg.OnFail != nil {
			cfg.OnFail()
		}
		if out, err := c.script("down"); err != nil {
			t.Errorf("cluster: down: %v\n%s", err, out)
		}
	})
	if out, err := c.script("up", strconv.Itoa(cfg.Nodes)); err != nil {
		t.Fatalf("cluster: up %d: %v\n%s", cfg.Nodes, err, out)
	}
	for i := 1; i <= cfg.Nodes; i++ {
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
