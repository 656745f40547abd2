package clustertest

import (
	"fmt"
	"strings"
	"testing"
)

// TestDaemonHandsARequestToANodeItsDeviceMayRunOn: node3's device is kept
// off node1, the coordinator, as well as off node3. node3 cut off, node1
// hands the request to node2, whose daemon runs the device against
// node3's BMC: one request, done by a device, in both histories, and each
// daemon's log says who handed it and who carried it out.
func TestDaemonHandsARequestToANodeItsDeviceMayRunOn(t *testing.T) {
	config := strings.Replace(daemonConfig(3, 1), "</constraints>",
		`<rsc_location id="fence-node3-not-on-node1" rsc="fence-node3" node="node1" score="-INFINITY"/>`+"\n</constraints>", 1)
	c := newDaemonCluster(t, 3, func(string) string { return config })
	c.waitMembers(c.Nodes...)
	c.Script(t, "cut", "node3")
	id := c.waitFencedEverywhere("node3", "node1", "node2")
	for node, want := range map[string]string{"node1": "request " + id + " handed to node 2",
		"node2": "carrying out request " + id + ", handed over by node 1"} {
		waitFor(t, settleLimit, node+"'s log saying "+want, func() (bool, string) {
			out, errOut, code := c.Exec(node, "cat", "/var/log/node-cmd.log")
			return code == 0 && strings.Contains(out, want), fmt.Sprintf("exit %d %s", code, errOut)
		})
	}
}
