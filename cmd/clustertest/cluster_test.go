package clustertest

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// Bounds on waits for the real cluster. They only keep a hung cluster from
// hanging the run (cleanup must still stop it); nothing is measured by them.
const (
	settleLimit = 4 * time.Minute // devices started, DC idle
	fenceLimit  = 4 * time.Minute // cut to fenced
	pollEvery   = 250 * time.Millisecond
)

// cluster is a fresh Pacemaker cluster for one scenario.
type cluster struct {
	*peertest.Cluster
	t   testing.TB
	bin string // the project's build output, visible inside the nodes
	// daemonCmd is the command line that starts executioner's daemon in
	// a node (NSC_NODE naming it), for clusters run by it alone.
	daemonCmd string
}

// newCluster starts n nodes with the agents of bin/ (make build); env is
// added to the rig's environment, and so to every node's processes.
func newCluster(t testing.TB, n int, env ...string) *cluster {
	t.Helper()
	for _, p := range []string{"crm", "crm_resource", "crm_attribute", "crm_verify", "crm_simulate"} {
		peertest.Program(t, p) // what the scenarios run inside the nodes, and crm_simulate on the host
	}
	c := &cluster{t: t, bin: filepath.Join(peertest.RepoRoot(t), "bin")}
	if _, err := os.Stat(filepath.Join(c.bin, "executioner")); err != nil {
		peertest.SkipOrFail(t, "no executioner in bin/ (build it: make build): %v", err)
	}
	c.Cluster = peertest.StartClusterWith(t, peertest.ClusterConfig{Nodes: n, Agents: c.bin, OnFail: c.diagnose, Env: env})
	return c
}

// executioner runs the project's command inside node.
func (c *cluster) executioner(node string, args ...string) (string, string, int) {
	return c.Exec(node, append([]string{filepath.Join(c.bin, "executioner")}, args...)...)
}

// monNode and monResource are what the suite reads of crm_mon's XML.
type monNode struct {
	Name    string `xml:"name,attr"`
	Online  bool   `xml:"online,attr"`
	Unclean bool   `xml:"unclean,attr"`
	DC      bool   `xml:"is_dc,attr"`
}

type monResource struct {
	ID     string  `xml:"id,attr"`
	Agent  string  `xml:"resource_agent,attr"`
	Role   string  `xml:"role,attr"`
	Active bool    `xml:"active,attr"`
	Failed bool    `xml:"failed,attr"`
	On     []monOn `xml:"node"`
}

// monOn is a node a resource is active on.
type monOn struct {
	Name string `xml:"name,attr"`
}

type monStatus struct {
	DC struct {
		Name   string `xml:"name,attr"`
		Quorum bool   `xml:"with_quorum,attr"`
	} `xml:"summary>current_dc"`
	Nodes     []monNode     `xml:"nodes>node"`
	Resources []monResource `xml:"resources>resource"`
	Clones    []struct {
		ID        string        `xml:"id,attr"`
		Instances []monResource `xml:"resource"`
	} `xml:"resources>clone"`
}

// mon is crm_mon's view from node; ok is false when crm_mon could not say.
func (c *cluster) mon(node string) (monStatus, bool) {
	var s monStatus
	out, _, code := c.Exec(node, "crm_mon", "-1", "--output-as=xml")
	if code != 0 || xml.Unmarshal([]byte(out), &s) != nil {
		return s, false
	}
	return s, true
}

func (s monStatus) node(name string) (monNode, bool) {
	for _, n := range s.Nodes {
		if n.Name == name {
			return n, true
		}
	}
	return monNode{}, false
}

// activeOn tells whether resource id (a primitive, or an instance of a
// clone of it) is active on node.
func (s monStatus) activeOn(id, node string) bool {
	rs := s.Resources
	for _, c := range s.Clones {
		rs = append(rs, c.Instances...)
	}
	for _, r := range rs {
		if r.ID == id && r.Active && slices.Contains(r.On, monOn{node}) {
			return true
		}
	}
	return false
}

// stonithResources are the fencing devices crm_mon lists.
func (s monStatus) stonithResources() []monResource {
	var rs []monResource
	for _, r := range s.Resources {
		if strings.HasPrefix(r.Agent, "stonith:") {
			rs = append(rs, r)
		}
	}
	return rs
}

// settled tells whether, as node sees it, every node of want is online,
// the cluster has quorum, wantDevices fencing devices are started and the
// DC is idle; else what is not yet so.
func (c *cluster) settled(node string, want []string, wantDevices int) (bool, string) {
	s, ok := c.mon(node)
	if !ok {
		return false, "crm_mon answers nothing on " + node
	}
	for _, n := range want {
		if m, ok := s.node(n); !ok || !m.Online {
			return false, n + " not online"
		}
	}
	if !s.DC.Quorum {
		return false, "no quorum"
	}
	started := 0
	for _, r := range s.stonithResources() {
		if r.Role == "Started" && r.Active && !r.Failed {
			started++
		}
	}
	if started != wantDevices {
		return false, fmt.Sprintf("%d of %d fencing devices started", started, wantDevices)
	}
	out, _, _ := c.Exec(node, "crmadmin", "--status="+s.DC.Name)
	if !strings.Contains(out, "S_IDLE") {
		return false, "DC " + s.DC.Name + " not idle: " + strings.TrimSpace(out)
	}
	return true, ""
}

// waitSettled waits until every node is online with every one of devices
// fencing devices started and the DC idle.
func (c *cluster) waitSettled(devices int) {
	c.t.Helper()
	waitFor(c.t, settleLimit, "the cluster to settle", func() (bool, string) {
		return c.settled(c.Nodes[0], c.Nodes, devices)
	})
}

// dc is the current DC as node sees it.
func (c *cluster) dc(node string) string {
	s, _ := c.mon(node)
	return s.DC.Name
}

// waitFor polls cond until it holds. limit only bounds a wait that would
// otherwise never end; the last thing cond said is the failure.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		ok, why := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: gave up after %v: %s", what, limit, why)
		}
		<-tick.C
	}
}

// diagnose logs, for a failed scenario, what the cluster looks like and
// where its logs are.
func (c *cluster) diagnose() {
	if c.Cluster == nil {
		return
	}
	for _, n := range c.Nodes {
		if out, _, code := c.Exec(n, "crm_mon", "-1", "-r"); code == 0 {
			c.t.Logf("crm_mon on %s:\n%s", n, out)
			break
		}
	}
	c.t.Logf("the nodes' logs stay in %s/nodes/*/log until the next cluster starts", c.State)
}
