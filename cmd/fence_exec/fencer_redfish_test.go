package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/internal/peertest"
)

const (
	rfUser = "root"
	rfPass = "fencer-rf-pw"
)

// TestFencerRedfishKdump registers redfish and kdump devices with
// Pacemaker's stand-alone fencer and fences through stonith_admin: the
// simulated BMC must show every result, a device with the wrong password
// must fail without touching the power, kdump must succeed only on the
// real fence_kdump_send's message, and a topology of kdump at level 1 and
// redfish at level 2 must use the second level only when no message
// comes. The agents check the BMC's certificate (the fencer's environment
// trusts the simulator's).
func TestFencerRedfishKdump(t *testing.T) {
	peertest.LockFencer(t)
	bmc, err := redfishsim.Start(redfishsim.Config{User: rfUser, Password: rfPass, Transition: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer bmc.Close()
	work := t.TempDir()
	if err := os.Chmod(work, 0o755); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(work, "ca.pem")
	if err := os.WriteFile(ca, bmc.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(work, "fence_exec")
	peertest.GoBuild(t, "./cmd/fence_exec", bin)
	f := peertest.StartFencer(t, bin, []string{"fence_exec_redfish", "fence_exec_kdump"}, "SSL_CERT_FILE="+ca)
	rf := []string{"ip=" + bmc.Host, "ipport=" + bmc.Port, "username=" + rfUser, "password=" + rfPass, "power_wait=0", "stonith_status_sleep=0.1"}
	t.Run("redfish", func(t *testing.T) { fenceRedfish(t, f, bmc, rf) })
	t.Run("kdump", func(t *testing.T) { fenceKdump(t, f) })
	t.Run("topology", func(t *testing.T) { fenceKdumpThenRedfish(t, f, bmc, rf) })
}

func fenceRedfish(t *testing.T, f *peertest.Fencer, bmc *redfishsim.Sim, rf []string) {
	f.Register(t, "rf1", "fence_exec_redfish", append(rf, "pcmk_host_list=rfnode")...)
	on := func() bool { p, _ := bmc.Power(1); return p }
	if code, out := f.Admin(t, "-F", "rfnode", "-t", "30"); code != 0 || on() {
		t.Fatalf("off: exit %d, power on %v\n%s", code, on(), out)
	}
	if code, out := f.Admin(t, "-U", "rfnode", "-t", "30"); code != 0 || !on() {
		t.Fatalf("on: exit %d, power on %v\n%s", code, on(), out)
	}
	bmc.Events()
	if code, out := f.Admin(t, "-B", "rfnode", "-t", "30"); code != 0 || !on() {
		t.Fatalf("reboot: exit %d, power on %v\n%s", code, on(), out)
	}
	if ev := bmc.Events(); !slices.Equal(ev, []string{"1:ForceOff", "1:On"}) {
		t.Errorf("reboot: the BMC carried out %q", ev)
	}
	if code, out := f.Admin(t, "-Q", "rf1"); code != 0 {
		t.Errorf("monitor: exit %d\n%s", code, out)
	}
	bad := append(slices.DeleteFunc(slices.Clone(rf), func(p string) bool { return p == "password="+rfPass }), "password=wrong-pw-42", "pcmk_host_list=rfbad")
	f.Register(t, "rf-bad", "fence_exec_redfish", bad...)
	if code, out := f.Admin(t, "-F", "rfbad", "-t", "30"); code == 0 || !on() || len(bmc.Events()) != 0 {
		t.Errorf("off with the wrong password: exit %d, power on %v\n%s", code, on(), out)
	}
}

// fenceKdump: the target is 127.0.0.1 (the name kdump resolves and the
// address the message comes from); 127.0.0.2 never sends.
func fenceKdump(t *testing.T, f *peertest.Fencer) {
	port := peertest.FreeUDPPort(t)
	f.Register(t, "kd1", "fence_exec_kdump", "ipport="+port, "timeout=2", "pcmk_off_retries=1", "pcmk_host_list=127.0.0.1 127.0.0.2")
	if code, out := f.Admin(t, "-F", "127.0.0.2", "-t", "20"); code == 0 {
		t.Errorf("off of a node that sent nothing: exit 0\n%s", out)
	}
	peertest.StartKdumpSend(t, port, "127.0.0.1")
	// A message is awaited only as long as it takes to arrive: a long
	// timeout costs nothing here and survives a loaded machine.
	f.Register(t, "kd1", "fence_exec_kdump", "ipport="+port, "timeout=15", "pcmk_off_retries=1", "pcmk_host_list=127.0.0.1 127.0.0.2")
	if code, out := f.Admin(t, "-F", "127.0.0.1", "-t", "40"); code != 0 {
		t.Errorf("off of the node that sends: exit %d\n%s", code, out)
	}
	if code, out := f.Admin(t, "-B", "127.0.0.1", "-t", "40"); code != 0 {
		t.Errorf("reboot (off for kdump) of the node that sends: exit %d\n%s", code, out)
	}
	f.Register(t, "kd1", "fence_exec_kdump", "ipport="+port, "timeout=2", "pcmk_off_retries=1", "pcmk_host_list=127.0.0.1 127.0.0.2")
	if code, out := f.Admin(t, "-F", "127.0.0.2", "-t", "20"); code == 0 {
		t.Errorf("off of a node that sent nothing while another sends: exit 0\n%s", out)
	}
	if code, out := f.Admin(t, "-D", "kd1"); code != 0 {
		t.Errorf("unregistering kd1: exit %d\n%s", code, out)
	}
}

// fenceKdumpThenRedfish: level 1 kdump, level 2 the BMC, for a node that
// sends no kdump message (127.0.0.2, the simulator's system 1): the fencer
// accepts both levels, the kdump device fails and the BMC powers the node
// off. The stand-alone fencer (-s) fences its own requests locally with
// every capable device in turn, in an order Pacemaker 2.1.5 leaves
// undefined, without the topology (fence_locally in fenced_commands.c), so
// a node in kdump may be powered off by level 2 before level 1 is asked:
// that case is not one this fencer can show. The topology order itself is
// compared with the cluster fencer in lrm/fencer's
// TestPlanMatchesPacemakerFencer.
func fenceKdumpThenRedfish(t *testing.T, f *peertest.Fencer, bmc *redfishsim.Sim, rf []string) {
	port := peertest.FreeUDPPort(t)
	const node = "127.0.0.2"
	kd, rd := "kd-level1", "rf-level2"
	f.Register(t, kd, "fence_exec_kdump", "ipport="+port, "timeout=2", "pcmk_off_retries=1", "pcmk_host_list="+node)
	f.Register(t, rd, "fence_exec_redfish", append(rf, "pcmk_host_list="+node)...)
	for i, dev := range []string{kd, rd} {
		if code, out := f.Admin(t, "-r", node, "-i", string(rune('1'+i)), "-v", dev); code != 0 {
			t.Fatalf("level %d of %s: exit %d\n%s", i+1, node, code, out)
		}
	}
	bmc.SetPower(1, true)
	bmc.Events()
	if code, out := f.Admin(t, "-F", node, "-t", "40"); code != 0 {
		t.Fatalf("off with no kdump message: exit %d\n%s", code, out)
	}
	if p, _ := bmc.Power(1); p || !slices.Equal(bmc.Events(), []string{"1:ForceOff"}) {
		t.Errorf("no kdump message: level 2 should have powered the node off (power on %v)", p)
	}
}
