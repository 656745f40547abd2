package clustertest

import (
	"fmt"
	"slices"
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

// TestDaemonConfirmationCancelsAHandedRequest: node3's device is kept
// off node1, so node1 hands node3's request to node2, and the device is
// slowed by power_wait. While node2's agent waits between off and on, an
// operator confirms node3 down on node1. node2's agent is killed (its
// processes are gone by the time node2 records the request's end, so
// node3's BMC is never powered on again), and node1 and node2 both hold
// the request failed, canceled by the confirmation, and the confirmation
// done by an operator: nothing against node3 is done by a device.
func TestDaemonConfirmationCancelsAHandedRequest(t *testing.T) {
	config := strings.Replace(daemonConfigWith(3, 1, func(node string) string {
		if node != "node3" {
			return ""
		}
		return `<nvpair id="fence-node3-pw" name="power_wait" value="60"/>` + "\n"
	}), "</constraints>",
		`<rsc_location id="fence-node3-not-on-node1" rsc="fence-node3" node="node1" score="-INFINITY"/>`+"\n</constraints>", 1)
	config = strings.Replace(config, `name="stonith-timeout" value="60s"`, `name="stonith-timeout" value="180s"`, 1)
	c := newDaemonCluster(t, 3, func(string) string { return config })
	c.waitMembers(c.Nodes...)
	c.Script(t, "cut", "node3")
	var handed string
	waitFor(t, fenceLimit, "node2's agent between off and on", func() (bool, string) {
		ev := c.BMC("node3").Events(t)
		rs, why := c.daemonHistory("node2")
		for _, r := range rs {
			if r.Target == "node3" && r.State == "pending" {
				handed = r.ID
			}
		}
		return handed != "" && slices.Contains(ev, "0"), fmt.Sprintf("node3's BMC %v; %s", ev, why)
	})
	agent := c.ProgramProcs(t, "node2", "fence_exec_ipmi", "executioner-age")
	if len(agent) == 0 {
		t.Fatal("no fence agent runs on node2")
	}
	out, errOut, code := c.executioner("node1", "confirm", "node3", "--socket", daemonSocket)
	if code != 0 {
		t.Fatalf("confirm node3 on node1: exit %d: %s%s", code, out, errOut)
	}
	for _, n := range []string{"node2", "node1"} {
		waitFor(t, fenceLimit, "the handed request ended in the history of "+n, func() (bool, string) {
			rs, why := c.daemonHistory(n)
			return slices.ContainsFunc(rs, func(r daemonRequest) bool { return r.ID == handed && r.State != "pending" }), why
		})
		if n == "node2" && agent.Alive() != 0 {
			t.Errorf("%d of node2's agent processes still run after it recorded the request's end", agent.Alive())
		}
		rs, why := c.daemonHistory(n)
		confirmed := 0
		for _, r := range rs {
			switch {
			case r.Target != "node3":
			case r.ID == handed:
				if r.State != "failed" || r.Final == nil || !strings.Contains(r.Final.Reason, "confirmed down") {
					t.Errorf("%s: handed request %+v, want failed, canceled by the confirmation", n, r)
				}
			case r.State == "done" && r.Final != nil && r.Final.By == "operator":
				confirmed++
			default:
				t.Errorf("%s: request %+v against node3 besides the handed one and the confirmation", n, r)
			}
		}
		if confirmed != 1 {
			t.Errorf("%s: %d confirmations of node3, want 1: %s", n, confirmed, why)
		}
	}
	if ev := c.BMC("node3").Events(t); slices.Contains(ev, "1") {
		t.Errorf("node3's BMC logged %v: the canceled agent powered it on", ev)
	}
	log, _, _ := c.Exec("node2", "cat", "/var/log/node-cmd.log")
	for _, want := range []string{"request " + handed + " canceled: node3 was confirmed down by an operator",
		"request " + handed + ", handed over, ended failed: canceled"} {
		if !strings.Contains(log, want) {
			t.Errorf("node2's log does not say %q", want)
		}
	}
}
