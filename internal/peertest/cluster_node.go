package peertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The rig's shared network namespaces: the hub holds the bridges (brc,
// brm, brs) and every node's cables (cX, mX, sX); the BMC rack holds the
// nodes' BMCs on the management network.
const (
	ClusterHub  = "nsc-hub"
	ClusterBMCs = "nsc-bmc"
)

// restartLimit bounds the wait for a node's Pacemaker to stop; it only
// keeps a hung stop from hanging the run.
const restartLimit = 5 * time.Minute

// AddAddress gives dev in one of the rig's namespaces one more address
// (addr, an unused one of the management network 10.99.1.0/24), for a
// device a test serves there: a BMC in ClusterBMCs, a switch's management
// address on brm in ClusterHub.
func (c *Cluster) AddAddress(t testing.TB, netns, dev, addr string) {
	t.Helper()
	if out, err := exec.Command("ip", "-n", netns, "addr", "add", addr+"/24", "dev", dev).CombinedOutput(); err != nil {
		t.Fatalf("cluster: address %s on %s in %s: %v %s", addr, dev, netns, err, out)
	}
}

// StoragePort is the hub port that is node's storage cable (on brs).
func StoragePort(node string) string {
	return "s" + strings.TrimPrefix(node, "node")
}

// Power switches node off or on as its BMC does, through the rig's
// chassis hook: the change is logged in the node's BMC events, off
// SIGKILLs the node's PID 1 (every process of the node dies), on boots it
// again. A simulated BMC of another kind calls it to make its power real.
// It may be called from any goroutine.
func (c *Cluster) Power(node string, on bool) error {
	v := "0"
	if on {
		v = "1"
	}
	cmd := exec.Command(filepath.Join(c.Dir, "bmc-hook"), c.State, node, "set", "power", v)
	cmd.Env = append(os.Environ(), c.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("cluster: power %s of %s: %v %s", v, node, err, out)
	}
	return nil
}

// programs maps the host PID of each of node's processes to its name
// (comm: at most 15 characters).
func (c *Cluster) programs(t testing.TB, node string) map[int]string {
	t.Helper()
	names := map[int]string{}
	for pid := range c.NodeProcs(t, node) {
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm"); err == nil {
			names[pid] = strings.TrimSpace(string(b))
		}
	}
	return names
}

// ProgramProcs are node's processes named one of names: Procs.Alive
// then tells whether those very processes still run.
func (c *Cluster) ProgramProcs(t testing.TB, node string, names ...string) Procs {
	t.Helper()
	ps := Procs{}
	for pid, name := range c.programs(t, node) {
		if st, ok := startTime(pid); ok && slices.Contains(names, name) {
			ps[pid] = st
		}
	}
	return ps
}

// pacemakerRuns reports whether any Pacemaker daemon runs on node.
func (c *Cluster) pacemakerRuns(t testing.TB, node string) bool {
	t.Helper()
	for _, name := range c.programs(t, node) {
		if strings.HasPrefix(name, "pacemaker") {
			return true
		}
	}
	return false
}

// SignalProgram sends sig to every process of node named name and fails
// the test when there is none: SIGSTOP to corosync freezes the node out of
// the membership while all of it keeps running, SIGCONT lets it rejoin.
func (c *Cluster) SignalProgram(t testing.TB, node, name string, sig syscall.Signal) {
	t.Helper()
	n := 0
	for pid, comm := range c.programs(t, node) {
		if comm != name {
			continue
		}
		if err := syscall.Kill(pid, sig); err != nil {
			t.Fatalf("cluster: %s of %s: %v", name, node, err)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("cluster: no %s runs on %s", name, node)
	}
}

// RestartPacemaker restarts Pacemaker on a running node as an
// administrator restarts its cluster services: pacemakerd gets SIGTERM (an
// orderly stop, in which the DC first stops the node's resources), every
// Pacemaker daemon of the node is waited for, and pacemakerd starts again
// as the node's boot starts it. Corosync keeps running.
func (c *Cluster) RestartPacemaker(t testing.TB, node string) {
	t.Helper()
	c.SignalProgram(t, node, "pacemakerd", syscall.SIGTERM)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for deadline := time.Now().Add(restartLimit); c.pacemakerRuns(t, node); <-tick.C {
		if time.Now().After(deadline) {
			t.Fatalf("cluster: Pacemaker on %s still runs %v after SIGTERM", node, restartLimit)
		}
	}
	c.MustExec(t, node, "sh", "-c", "PCMK_logfacility=none PCMK_logfile=/var/log/pacemaker/pacemaker.log "+
		"setsid pacemakerd </dev/null >>/var/log/pacemaker/pacemakerd.stdout 2>&1 &")
}
