package daemon

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/lrm/controller"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// configFile writes a configuration of n nodes, each fenced by a dummy
// device of its own, at version epoch (its stonith-timeout differs with
// it, so two epochs are two configurations), and returns its path.
func configFile(t *testing.T, n int, epoch int) string {
	t.Helper()
	var nodes, res strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&nodes, `<node id="%d" uname="node%d"/>`, i, i)
		fmt.Fprintf(&res, `<primitive id="dummy-node%d" class="stonith" type="fence_exec_dummy">
<instance_attributes id="dummy-node%d-ia"><nvpair id="dummy-node%d-h" name="pcmk_host_list" value="node%d"/>
<nvpair id="dummy-node%d-m" name="mode" value="pass"/></instance_attributes></primitive>`, i, i, i, i, i)
	}
	path := filepath.Join(t.TempDir(), "cib.xml")
	err := os.WriteFile(path, fmt.Appendf(nil, `<cib admin_epoch="0" epoch="%d" num_updates="0" validate-with="pacemaker-3.9">
<configuration><crm_config><cluster_property_set id="opts">
<nvpair id="opts-se" name="stonith-enabled" value="true"/>
<nvpair id="opts-dc" name="dc-deadtime" value="0"/>
<nvpair id="opts-st" name="stonith-timeout" value="%ds"/></cluster_property_set></crm_config>
<nodes>%s</nodes><resources>%s</resources><constraints/></configuration><status/></cib>`, epoch, 60+epoch, nodes.String(), res.String()), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// node is one daemon on a Hub, with what the test watches.
type node struct {
	t       *testing.T
	name    string
	d       *Daemon
	m       membership.Membership
	history *fencer.History
	changed chan struct{}
	stop    func()
	mu      sync.Mutex
	events  []string // the daemon's events, "kind target detail"
}

// saw tells whether the daemon emitted an event containing s.
func (n *node) saw(s string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.ContainsFunc(n.events, func(e string) bool { return strings.Contains(e, s) })
}

func startNode(t *testing.T, h *membership.Hub, id uint32, config string) *node {
	t.Helper()
	return startNodeWith(t, h, id, config, nil)
}

// startNodeWith starts a daemon whose agents run through wrap(runner)
// when wrap is set.
func startNodeWith(t *testing.T, h *membership.Hub, id uint32, config string, wrap func(fencer.Runner) fencer.Runner) *node {
	t.Helper()
	return startNodeIn(t, h, id, config, t.TempDir(), wrap)
}

// startNodeIn starts a daemon keeping its files in dir (its history,
// saved records and live CIB).
func startNodeIn(t *testing.T, h *membership.Hub, id uint32, config, dir string, wrap func(fencer.Runner) fencer.Runner) *node {
	t.Helper()
	m, err := h.Join(id)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("node%d", id)
	n := &node{t: t, name: name, m: m, history: hist, changed: make(chan struct{}, 1)}
	poke := func() {
		select {
		case n.changed <- struct{}{}:
		default:
		}
	}
	var runner fencer.Runner = &fencer.Agents{Registry: all.Registry(), Hostname: name}
	if wrap != nil {
		runner = wrap(runner)
	}
	n.d, err = New(Config{ConfigFile: config, LiveCIB: filepath.Join(dir, "live.xml"), Node: name, Membership: m,
		History: hist, Runner: runner, OnChange: poke, Records: filepath.Join(dir, "records"),
		OnEvent: func(e controller.Event) {
			t.Logf("%s: %s %s %s", name, e.Kind, e.Target, e.Detail)
			n.mu.Lock()
			n.events = append(n.events, fmt.Sprintf("%s %s %s", e.Kind, e.Target, e.Detail))
			n.mu.Unlock()
			poke()
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.d.Run(ctx) }()
	n.stop = func() {
		cancel()
		if err := <-done; err != nil && err != ErrLost {
			t.Errorf("%s: %v", name, err)
		}
		hist.Close()
	}
	t.Cleanup(func() {
		if n.stop != nil {
			n.stop()
		}
	})
	return n
}

// wait blocks until ok holds of the node's history (requests of target).
func (n *node) wait(what, target string, ok func([]fencer.Request) bool) []fencer.Request {
	n.t.Helper()
	for {
		if rs := n.history.ByTarget(target); ok(rs) {
			return rs
		}
		<-n.changed
	}
}

func doneOnce(rs []fencer.Request) bool {
	done := 0
	for _, r := range rs {
		if r.State == fencer.StateDone {
			done++
		}
	}
	return done == 1
}

// bootAll starts corosync on nodes 1 to n, in one partition.
func bootAll(h *membership.Hub, n uint32) {
	for i := uint32(1); i <= n; i++ {
		h.Boot(i, 1)
	}
}

func cluster(t *testing.T, n int) (*membership.Hub, []*node) {
	h := membership.NewHub(n)
	config := configFile(t, n, 1)
	var nodes []*node
	bootAll(h, uint32(n))
	for i := uint32(1); i <= uint32(n); i++ {
		nodes = append(nodes, startNode(t, h, i, config))
	}
	return h, nodes
}

func TestACutNodeIsFencedOnceAndEverySurvivorRecordsIt(t *testing.T) {
	h, nodes := cluster(t, 3)
	for _, n := range nodes {
		n.wait("settled", "", func([]fencer.Request) bool {
			s := n.d.Status()
			return s.Settled && s.Quorate && len(s.Members) == 3
		})
	}
	h.Partition([]uint32{3})
	var want []fencer.Request
	for _, n := range nodes[:2] {
		rs := n.wait("node3 fenced", "node3", doneOnce)
		if len(rs) != 1 || rs[0].Final == nil || rs[0].Final.By != fencer.ByDevice {
			t.Errorf("%s: history of node3 %+v, want one request done by a device", n.name, rs)
		}
		if want == nil {
			want = rs
		} else if rs[0].ID != want[0].ID || len(rs[0].Attempts) != len(want[0].Attempts) {
			t.Errorf("%s records %+v, node1 %+v", n.name, rs, want)
		}
	}
	if rs := nodes[2].history.ByTarget("node3"); len(rs) != 0 {
		t.Errorf("node3, without quorum, has fencing requests: %+v", rs)
	}
}
