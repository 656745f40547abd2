package clustertest

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// redfishAddr is the Redfish BMC's address on the management network.
const redfishAddr = "10.99.1.201"

// withRedfish serves a Redfish BMC on the rig's management network (the
// simulator, in this process, listening in the BMC rack's namespace): a
// chassis manager whose ComputerSystem N is nodeN, so that a reset of
// system N really powers nodeN off or on through the rig's chassis hook,
// as the node's own BMC would. It writes the BMC's certificate to caFile,
// which the nodes trust (the cluster was started with SSL_CERT_FILE
// naming it), and configures one fence_exec_redfish device per node for
// its system, kept off the node it fences, with crmsh.
func (c *cluster) withRedfish(caFile string) *redfishsim.Sim {
	c.t.Helper()
	c.AddAddress(c.t, peertest.ClusterBMCs, "eth0", redfishAddr)
	sim, err := redfishsim.Start(redfishsim.Config{
		User: peertest.ClusterBMCUser, Password: peertest.ClusterBMCPass, Systems: len(c.Nodes), Transition: 1,
		Names:    []string{redfishAddr},
		Listener: peertest.ListenIn(c.t, peertest.ClusterBMCs, net.JoinHostPort(redfishAddr, "443")),
		OnPower: func(id int, on bool) {
			if err := c.Power(c.Nodes[id-1], on); err != nil {
				c.t.Error(err)
			}
		},
	})
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(sim.Close)
	if err := os.WriteFile(caFile, sim.CertPEM, 0o644); err != nil {
		c.t.Fatal(err)
	}
	conf := enableFencing + c.perNodeDevices("fence_exec_redfish", "fence", func(n string) string {
		return fmt.Sprintf("ip=%s username=%s password=%s systems_uri=/redfish/v1/Systems/%d",
			redfishAddr, peertest.ClusterBMCUser, peertest.ClusterBMCPass, slices.Index(c.Nodes, n)+1)
	})
	c.MustExec(c.t, c.Nodes[0], "crm", "configure", "load", "update", writeTemp(c.t, "redfish.crm", conf))
	return sim
}

// TestRedfishPartitionFenced: a node cut off from the cluster network is
// fenced by Pacemaker through fence_exec_redfish, with the certificate of
// the BMC checked, as the plan said beforehand. The checks are the IPMI
// scenario's (one success in the fencers' history, the target's power off
// and then on, no other node's power moved, its processes gone, the plan
// matching what Pacemaker decided and ran), and the BMC carried out
// exactly ForceOff and On on the target's system.
func TestRedfishPartitionFenced(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "redfish-ca.pem")
	c := newCluster(t, 3, "SSL_CERT_FILE="+ca)
	sim := c.withRedfish(ca)
	c.waitSettled(len(c.Nodes))
	if ev := sim.Events(); len(ev) > 0 {
		t.Fatalf("the Redfish BMC reset %v before any node was cut off", ev)
	}
	target := c.notDC()
	c.partition(target)
	id := strconv.Itoa(slices.Index(c.Nodes, target) + 1)
	if got, want := sim.Events(), []string{id + ":ForceOff", id + ":On"}; !slices.Equal(got, want) {
		t.Errorf("resets the Redfish BMC carried out: %v, want %v (%s's system)", got, want, target)
	}
}
