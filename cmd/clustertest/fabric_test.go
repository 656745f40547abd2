package clustertest

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// The storage switch: the rig's hub, whose ports sX are the nodes'
// storage cables, managed over SNMP at an address of its own on the
// management bridge, which the nodes reach over their eth1.
const (
	hubAddr         = "10.99.1.250"
	fabricCommunity = "fabric-rw"
	storageRsc      = "storage" // the resource that needs the storage network
)

// withFabric starts net-snmp's snmpd in the rig's hub namespace, serving
// the hub's IF-MIB (setting a port's ifAdminStatus really sets that
// interface down or up), and configures fabric fencing as Pacemaker
// documents it: one fence_exec_ifmib device for the switch that maps
// every node to its storage port and, as a meta attribute,
// provides=unfencing; and a resource that needs the storage on every node
// (Pacemaker's Dummy, cloned), whose requires defaults to unfencing once a
// device provides it. The cluster keeps its default stonith-action:
// Pacemaker's fencer carries a reboot out as off with an agent that has no
// reboot.
func (c *cluster) withFabric() *snmptest.Netns {
	c.t.Helper()
	peertest.Program(c.t, "ping") // the storage network's reachability, from inside the nodes
	c.AddAddress(c.t, peertest.ClusterHub, "brm", hubAddr)
	snmptest.Start(c.t, snmptest.Config{Community: fabricCommunity, Netns: peertest.ClusterHub, Addr: hubAddr, Port: "161"})
	var ports []string
	for _, n := range c.Nodes {
		ports = append(ports, n+":"+peertest.StoragePort(n))
	}
	conf := enableFencing + fmt.Sprintf(`primitive fabric stonith:fence_exec_ifmib \
	params ip=%s community=%s pcmk_host_map="%s" \
	op monitor interval=60s \
	meta provides=unfencing
primitive %[4]s ocf:pacemaker:Dummy op monitor interval=30s
clone %[4]s-clone %[4]s
`, hubAddr, fabricCommunity, strings.Join(ports, ";"), storageRsc)
	c.MustExec(c.t, c.Nodes[0], "crm", "configure", "load", "update", writeTemp(c.t, "fabric.crm", conf))
	return snmptest.OpenNetns(c.t, peertest.ClusterHub)
}

// storageAddr is node's address on the storage network.
func storageAddr(node string) string {
	return "10.99.2." + strings.TrimPrefix(node, "node")
}

// reaches tells whether from can ping to's storage address, waiting up to
// wait seconds for the answer: long where one is expected, so that a busy
// machine does not lose it, short where none may come.
func (c *cluster) reaches(from, to string, wait int) bool {
	_, _, code := c.Exec(from, "ping", "-n", "-q", "-c", "1", "-W", strconv.Itoa(wait), storageAddr(to))
	return code == 0
}

// Waits for ping: an answer that is expected, and one that may not come.
const (
	answerWait = 10
	silentWait = 2
)

// portUp tells whether node's storage port on the hub is up; an error
// reading it fails the test.
func (c *cluster) portUp(hub *snmptest.Netns, node string) bool {
	c.t.Helper()
	up, err := hub.Up(peertest.StoragePort(node))
	if err != nil {
		c.t.Fatal(err)
	}
	return up
}

// unfenced counts the successful unfencings (on) of target in the
// fencers' history, fenced the successful fencings (any other action).
func unfenced(events []fenceEvent, target string) int {
	n := 0
	for _, e := range events {
		if e.Target == target && e.Status == "success" && e.Action == "on" {
			n++
		}
	}
	return n
}

func fenced(events []fenceEvent, target string) int {
	return succeeded(events, target) - unfenced(events, target)
}

// waitStorage waits until the cluster has settled with the fabric device
// started and the storage resource active on every node.
func (c *cluster) waitStorage() {
	c.t.Helper()
	waitFor(c.t, settleLimit, "the storage resource on every node", func() (bool, string) {
		if ok, why := c.settled(c.Nodes[0], c.Nodes, 1); !ok {
			return false, why
		}
		s, _ := c.mon(c.Nodes[0])
		for _, n := range c.Nodes {
			if !s.activeOn(storageRsc, n) {
				return false, storageRsc + " not active on " + n
			}
		}
		return true, ""
	})
}

// TestFabricFencing: with fabric fencing, a node whose corosync is frozen
// (SIGSTOP) drops out of the cluster and is fenced by fence_exec_ifmib
// setting its storage port down: it keeps running, cannot reach the
// storage network, and nothing reports it fenced while the port is up.
// Then the administrator's procedure that Pacemaker documents for fabric
// fencing ("investigate, correct any issues found, then reboot, or restart
// the cluster services on, the node"): corosync resumes (SIGCONT) and
// Pacemaker is restarted on the node; the node is unfenced (its port up)
// before anything that requires unfencing is probed or started on it.
//
// What Pacemaker 2.1.5 does when the node rejoins, found on this rig and
// in its source: the fenced node's controller never learns that it was
// fenced. The fencer broadcasts the result while the node is out of the
// membership, and the history the fencers exchange when it rejoins raises
// no fencing notification, so fence-reaction (stop, by default) never
// applies. The node comes back with its Pacemaker daemons as they were:
// its attribute manager hands its own #node-unfenced back to the others,
// so the scheduler takes it as unfenced, and its executor reports the
// resources it kept running as active. Nothing unfences it and its port
// stays down (on this rig the merge has also made the DC, now and then,
// unfence another node again and restart the others' storage resource).
// Only when Pacemaker restarts
// on the node (its resources stopped first, its attributes gone with its
// attribute manager) does the DC unfence it as a new member, and only then
// are its resources probed and started. The test asserts the order of
// that: no operation but a stop of the storage resource requested on the
// node from the fencing until a fencer's unfencing of it returned 0.
func TestFabricFencing(t *testing.T) {
	c := newCluster(t, 3)
	hub := c.withFabric()
	c.waitStorage()
	h, _ := c.history(c.Nodes[0])
	for _, n := range c.Nodes {
		if unfenced(h, n) == 0 || !c.portUp(hub, n) {
			t.Errorf("%s at the start: unfenced %d times, storage port up %v; want unfenced, up", n, unfenced(h, n), c.portUp(hub, n))
		}
	}
	target := c.notDC()
	observer := c.observerFor(target)
	if !c.reaches(target, observer, answerWait) {
		t.Fatalf("%s cannot reach %s's storage address before it was fenced", target, observer)
	}
	plan := c.planLive(observer, target)
	k := c.watch(target)
	stack := c.ProgramProcs(t, target, "corosync", "pacemakerd")
	c.SignalProgram(t, target, "corosync", syscall.SIGSTOP)
	c.waitPortDown(hub, target, observer)
	c.checkCutOff(k, hub, target, stack)
	c.checkPlan(k, plan)

	h, _ = c.history(observer)
	before := unfenced(h, target)
	c.SignalProgram(t, target, "corosync", syscall.SIGCONT)
	c.waitSettled(1)
	c.logRejoined(hub, target)
	c.RestartPacemaker(t, target)
	c.waitUnfenced(hub, target, observer, before)
	c.checkUnfencedFirst(k, target)
	c.checkFabricEnd(k, hub, target, observer, stack)
}
