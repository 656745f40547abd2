package daemon

import (
	"os"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
)

// TestARequestIsHandedToANodeWherePlacementLetsItsDeviceRun: node3's
// device may not run on node1, the coordinator. node3 cut off, node1
// hands the request to node2, whose device fences node3; both hold it
// done by a device, and node1 never ran an agent against node3.
func TestARequestIsHandedToANodeWherePlacementLetsItsDeviceRun(t *testing.T) {
	config := handConfig(t)
	h := membership.NewHub(3)
	bootAll(h, 3)
	var nodes []*node
	for i := uint32(1); i <= 3; i++ {
		nodes = append(nodes, startNode(t, h, i, config))
	}
	settled(nodes, 3)
	h.Partition([]uint32{3})
	var id string
	for _, n := range nodes[:2] {
		rs := n.wait("node3 fenced", "node3", doneOnce)
		if len(rs) != 1 || rs[0].Final == nil || rs[0].Final.By != fencer.ByDevice {
			t.Errorf("%s: node3's history %+v, want one request done by a device", n.name, rs)
			continue
		}
		if id == "" {
			id = rs[0].ID
		} else if rs[0].ID != id {
			t.Errorf("%s holds %s, node1 %s", n.name, rs[0].ID, id)
		}
	}
	if !nodes[0].saw("request "+id+" handed to node 2") || !nodes[1].saw("carrying out request "+id) {
		t.Errorf("request %s: node1 did not hand it to node2, or node2 did not carry it out", id)
	}
	if nodes[0].saw("carrying out request") || nodes[0].saw("adopting") {
		t.Error("node1 carried out a request itself")
	}
}

// handConfig is a configuration of three nodes in which node3's device
// may not run on node1.
func handConfig(t *testing.T) string {
	t.Helper()
	config := configFile(t, 3, 1)
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "<constraints/>",
		`<constraints><rsc_location id="dummy-node3-not-on-node1" rsc="dummy-node3" node="node1" score="-INFINITY"/></constraints>`, 1))
	if err := os.WriteFile(config, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return config
}
