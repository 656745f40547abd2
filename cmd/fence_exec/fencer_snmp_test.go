package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

const snmpCommunity = "fencer-community-8"

// TestFencerSNMP registers fence_exec_apc_snmp and fence_exec_ifmib
// devices with Pacemaker's stand-alone fencer and fences through
// stonith_admin: a Rack PDU (emulated behind snmpd) powers outlets off,
// on and through a reboot; a switch (snmpd in a network namespace) downs a
// node's port for off and for reboot, which the fencer turns into off
// because the agent advertises none, and brings it up for unfencing.
func TestFencerSNMP(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "fence_exec")
	peertest.GoBuild(t, "./cmd/fence_exec", bin)
	f := peertest.StartFencer(t, bin, []string{"fence_exec_apc_snmp", "fence_exec_ifmib"})
	if code, md := f.Admin(t, "-M", "-a", "fence_exec_ifmib"); code != 0 || !strings.Contains(md, `<action name="on" automatic="1"`) {
		t.Errorf("stonith_admin -M -a fence_exec_ifmib: exit %d, no automatic on (unfencing)\n%s", code, md)
	}
	t.Run("apc_snmp", func(t *testing.T) { fencePDU(t, f) })
	t.Run("ifmib", func(t *testing.T) { fenceFabric(t, f) })
	if b, err := os.ReadFile(f.Log); err != nil || bytes.Contains(b, []byte(snmpCommunity)) {
		t.Errorf("the fencer's log (%v) shows the community", err)
	}
}

func fencePDU(t *testing.T, f *peertest.Fencer) {
	p := snmptest.StartPDU(t, &pdusim.State{Kind: "rpdu", Model: "AP7900", Outlets: snmptest.Outlets(2)},
		snmptest.Config{Community: snmpCommunity})
	f.Register(t, "pdu1", "fence_exec_apc_snmp", "ip=127.0.0.1", "ipport="+p.Port, "community="+snmpCommunity,
		"pcmk_host_map=h1:node1;h2:node2")
	outlet := func(name string) *pdusim.Outlet { return p.Device(t).Outlet(name) }
	if code, out := f.Admin(t, "-F", "h1", "-t", "30"); code != 0 || outlet("node1").On {
		t.Fatalf("off h1: exit %d, outlet %+v\n%s", code, outlet("node1"), out)
	}
	if outlet("node2").Offs != 0 {
		t.Errorf("off h1 switched node2: %+v", outlet("node2"))
	}
	if code, out := f.Admin(t, "-U", "h1", "-t", "30"); code != 0 || !outlet("node1").On {
		t.Fatalf("on h1: exit %d, outlet %+v\n%s", code, outlet("node1"), out)
	}
	if code, out := f.Admin(t, "-B", "h2", "-t", "30"); code != 0 || !outlet("node2").On || outlet("node2").Offs != 1 {
		t.Errorf("reboot h2: exit %d, outlet %+v\n%s", code, outlet("node2"), out)
	}
	if code, out := f.Admin(t, "-Q", "pdu1"); code != 0 {
		t.Errorf("monitor: exit %d\n%s", code, out)
	}
	p.Update(t, func(s *pdusim.State) { s.Ignore = true })
	f.Register(t, "pdu2", "fence_exec_apc_snmp", "ip=127.0.0.1", "ipport="+p.Port, "community="+snmpCommunity,
		"pcmk_host_map=h3:node1", "power_timeout=1")
	if code, out := f.Admin(t, "-F", "h3", "-t", "30"); code == 0 || !outlet("node1").On {
		t.Errorf("off through an outlet that does not switch: exit %d, outlet %+v\n%s", code, outlet("node1"), out)
	}
}

func fenceFabric(t *testing.T, f *peertest.Fencer) {
	ns := snmptest.NewNetns(t)
	for _, p := range []string{"s1", "s2"} {
		ns.AddPort(t, p)
	}
	s := snmptest.Start(t, snmptest.Config{Community: snmpCommunity, Netns: ns.Name})
	f.Register(t, "fabric1", "fence_exec_ifmib", "ip=127.0.0.1", "ipport="+s.Port, "community="+snmpCommunity,
		"pcmk_host_map=h1:s1;h2:s2")
	port := func(name string) ocf.Power {
		up, err := ns.Up(name)
		if err != nil {
			t.Fatal(err)
		}
		return ocf.Power(up)
	}
	if code, out := f.Admin(t, "-F", "h1", "-t", "30"); code != 0 || port("s1") != ocf.PowerOff || port("s2") != ocf.PowerOn {
		t.Fatalf("off h1: exit %d, s1 %v, s2 %v\n%s", code, port("s1"), port("s2"), out)
	}
	if code, out := f.Admin(t, "-B", "h2", "-t", "30"); code != 0 || port("s2") != ocf.PowerOff {
		t.Errorf("reboot h2 (off for fabric fencing): exit %d, s2 %v\n%s", code, port("s2"), out)
	}
	for _, h := range []string{"h1", "h2"} {
		if code, out := f.Admin(t, "--unfence", h, "-t", "30"); code != 0 {
			t.Errorf("unfence %s: exit %d\n%s", h, code, out)
		}
	}
	if port("s1") != ocf.PowerOn || port("s2") != ocf.PowerOn {
		t.Errorf("after unfencing: s1 %v, s2 %v", port("s1"), port("s2"))
	}
	if code, out := f.Admin(t, "-Q", "fabric1"); code != 0 {
		t.Errorf("monitor: exit %d\n%s", code, out)
	}
}
