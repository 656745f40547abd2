package clustertest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// pduAddr is the PDU's address on the management network.
const pduAddr = "10.99.1.200"

// withTopology configures two fencing levels for every node: level 1 the
// node's BMC (the rig's fence-NODE devices), level 2 one PDU device, fed
// with the node's outlet through pcmk_host_map and pcmk_host_argument,
// loaded with crmsh, the configuration language's peer. The device has no
// ipport: its monitor talks to the PDU's controller on the default port,
// and the fencer passes the target's outlet as ipport.
func (c *cluster) withTopology() *peertest.PDU {
	c.t.Helper()
	c.Script(c.t, "fencing", "fence_exec_ipmi")
	pdu := c.StartPDU(c.t, pduAddr)
	var hostMap, topo []string
	for _, n := range c.Nodes {
		hostMap = append(hostMap, fmt.Sprintf("%s:%d", n, pdu.Port(n)))
		topo = append(topo, fmt.Sprintf("%s: fence-%s pdu", n, n))
	}
	conf := fmt.Sprintf(`primitive pdu stonith:fence_exec_ipmi \
	params pcmk_host_list="%s" pcmk_host_map="%s" pcmk_host_argument=ipport ip=%s username=%s password=%s lanplus=1 cipher=3 \
	op monitor interval=60s
fencing_topology %s
`, strings.Join(c.Nodes, " "), strings.Join(hostMap, ";"), pduAddr,
		peertest.ClusterBMCUser, peertest.ClusterBMCPass, strings.Join(topo, " "))
	f := filepath.Join(c.t.TempDir(), "topology.crm")
	if err := os.WriteFile(f, []byte(conf), 0o600); err != nil {
		c.t.Fatal(err)
	}
	c.MustExec(c.t, c.Nodes[0], "crm", "configure", "load", "update", f)
	c.waitSettled(len(c.Nodes) + 1)
	return pdu
}

// TestTopologySecondLevel: with the target's BMC dead, level 1 fails and
// the PDU of level 2 fences it.
func TestTopologySecondLevel(t *testing.T) {
	c := newCluster(t, 3)
	c.withTopology()
	target := c.notDC()
	c.SignalBMC(t, target, syscall.SIGSTOP)
	t.Cleanup(func() { c.SignalBMC(t, target, syscall.SIGCONT) })
	k, _ := c.partition(target)
	var ran []string
	for _, a := range of(c.fencerSince(k.mark), "attempt", target) {
		ran = append(ran, a.device+"="+a.result)
	}
	if want := []string{"fence-" + target + "=1", "pdu=0"}; !slices.Equal(ran, want) {
		t.Errorf("devices run against %s (device=exit): %v, want %v", target, ran, want)
	}
}

// TestTopologyBothDead: with the BMC and the outlet dead, the target stays
// UNCLEAN, Pacemaker retries, nothing reports it fenced, until the manual
// override (stonith_admin --confirm) releases it.
func TestTopologyBothDead(t *testing.T) {
	c := newCluster(t, 3)
	pdu := c.withTopology()
	target := c.notDC()
	observer := c.observerFor(target)
	plan := c.planLive(observer, target)
	c.SignalBMC(t, target, syscall.SIGSTOP)
	pdu.Signal(t, target, syscall.SIGSTOP)
	t.Cleanup(func() {
		c.SignalBMC(t, target, syscall.SIGCONT)
		pdu.Signal(t, target, syscall.SIGCONT)
	})
	k := c.cut(target)
	waitFor(t, fenceLimit, "two failed attempts to fence "+target, func() (bool, string) {
		h, _ := c.history(observer)
		failed := 0
		for _, e := range h {
			if e.Target == target && e.Status == "failed" {
				failed++
			}
		}
		return failed >= 2, fmt.Sprintf("history: %+v", h)
	})
	s, _ := c.mon(observer)
	if n, _ := s.node(target); !n.Unclean || n.Online {
		t.Errorf("%s after failed fencing: %+v, want offline and UNCLEAN", target, n)
	}
	h, _ := c.history(observer)
	if got := succeeded(h, target); got != 0 {
		t.Errorf("%s reported fenced %d times with both its devices dead", target, got)
	}
	c.checkPlan(k, plan)
	c.MustExec(t, observer, "stonith_admin", "--confirm", target)
	waitFor(t, fenceLimit, target+" released", func() (bool, string) {
		s, ok := c.mon(observer)
		n, _ := s.node(target)
		return ok && !n.Unclean && !n.Online, fmt.Sprintf("%+v", n)
	})
	if h, _ := c.history(observer); succeeded(h, target) != 1 {
		t.Errorf("history after the confirmation: %+v, want one success (the operator's)", h)
	}
	if got := c.newEvents(k, target); len(got) != 0 {
		t.Errorf("BMC of %s moved (%v) though it and the PDU outlet were dead", target, got)
	}
	for _, n := range c.Nodes {
		if got := c.newEvents(k, n); n != target && len(got) != 0 {
			t.Errorf("BMC of %s moved: %v", n, got)
		}
	}
}
