package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/apcsmart/apcsim"
	"github.com/executioner-ha/executioner/agents/meatware"
	"github.com/executioner-ha/executioner/agents/ssh/sshtest"
	"github.com/executioner-ha/executioner/agents/suicide/logindtest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestFencerAgents runs in this package, after TestFencerConformance and
// never beside it, because only one fencer may run at a time. It registers apcsmart, meatware, sbd, ssh and suicide
// devices with Pacemaker's stand-alone fencer and fences through
// stonith_admin; the device side must show the result. The fencer and its
// agents see only a private D-Bus as the system bus, with a stand-in
// logind on it.
func TestFencerAgents(t *testing.T) {
	peertest.LockFencer(t)
	bus := peertest.DBus(t)
	logind := logindtest.Start(t, bus)
	devices := []string{"apcsmart", "meatware", "sbd", "ssh", "suicide"}
	work := t.TempDir()
	if err := os.Chmod(work, 0o755); err != nil { // the fencer runs the agents from here
		t.Fatal(err)
	}
	bin := peertest.BuildAgents(t, work)
	var links []string
	for _, d := range devices {
		links = append(links, agents.Prefix+d)
	}
	f := peertest.StartFencer(t, bin, links, "DBUS_SYSTEM_BUS_ADDRESS="+bus)
	code, out := f.Admin(t, "-I")
	for _, d := range devices {
		if code != 0 || !strings.Contains(out, "fence_exec_"+d) {
			t.Errorf("stonith_admin -I does not list fence_exec_%s:\n%s", d, out)
		}
		if code, md := f.Admin(t, "-M", "-a", "fence_exec_"+d); code != 0 || !strings.Contains(md, "<resource-agent") {
			t.Errorf("stonith_admin -M -a fence_exec_%s: exit %d\n%s", d, code, md)
		}
	}
	t.Run("apcsmart", func(t *testing.T) { fenceUPS(t, f) })
	t.Run("meatware", func(t *testing.T) { fenceMeatware(t, f) })
	t.Run("sbd", func(t *testing.T) { fenceSBD(t, f) })
	t.Run("ssh", func(t *testing.T) { fenceSSH(t, f) })
	t.Run("suicide", func(t *testing.T) { fenceSelf(t, f, logind) })
}

func fenceSSH(t *testing.T, f *peertest.Fencer) {
	s := sshtest.Start(t)
	var params []string
	for k, v := range s.Params() {
		params = append(params, k+"="+v)
	}
	f.Register(t, "ssh1", "fence_exec_ssh", append(params, "pcmk_host_list=h1")...)
	if code, out := f.Admin(t, "-F", "h1", "-t", "30"); code != 0 {
		t.Fatalf("off: exit %d\n%s", code, out)
	}
	if !s.Wait() {
		t.Error("off succeeded but the host's sshd still runs")
	}
}

// fenceSelf fences the fencer's own host with suicide. It first checks,
// with a harmless monitor, that the agent reaches the stand-in logind and
// not the system bus, and stops there if not.
func fenceSelf(t *testing.T, f *peertest.Fencer, logind *logindtest.Logind) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	f.Register(t, "self1", "fence_exec_suicide", "pcmk_host_list="+host)
	if code, out := f.Admin(t, "-Q", "self1"); code != 0 || logind.Calls() != "CanReboot" {
		t.Fatalf("monitor: exit %d, stand-in logind saw %q; not fencing\n%s", code, logind.Calls(), out)
	}
	if code, out := f.Admin(t, "-B", host, "-t", "30"); code != 0 || logind.Calls() != "CanReboot Reboot" {
		t.Errorf("reboot of %s: exit %d, stand-in logind saw %q\n%s", host, code, logind.Calls(), out)
	}
}

func fenceUPS(t *testing.T, f *peertest.Fencer) {
	sim, err := apcsim.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	f.Register(t, "ups1", "fence_exec_apcsmart", "ttydev="+sim.Path, "hostlist=u1 u2", "pcmk_host_list=u1 u2")
	if code, out := f.Admin(t, "-F", "u1", "-t", "30"); code != 0 {
		t.Fatalf("off: exit %d\n%s", code, out)
	}
	if on, _, _, _ := sim.State(); on {
		t.Errorf("off succeeded but the UPS load is on")
	}
	if code, out := f.Admin(t, "-U", "u1", "-t", "30"); code != 0 {
		t.Fatalf("on: exit %d\n%s", code, out)
	}
	_, _, _, offs := sim.State()
	if code, out := f.Admin(t, "-B", "u2", "-t", "60"); code != 0 {
		t.Fatalf("reboot: exit %d\n%s", code, out)
	}
	if on, _, _, after := sim.State(); !on || after != offs+1 {
		t.Errorf("after reboot: load on %v, %d power-offs", on, after-offs)
	}
	if code, _ := f.Admin(t, "-Q", "ups1"); code != 0 {
		t.Errorf("monitor: exit %d", code)
	}
}

func fenceMeatware(t *testing.T, f *peertest.Fencer) {
	host := fmt.Sprintf("fmw%d", os.Getpid())
	f.Register(t, "mw1", "fence_exec_meatware", "hostlist="+host, "pcmk_host_list="+host)
	done := make(chan int, 1)
	go func() { code, _ := f.Admin(t, "-B", host, "-t", "60"); done <- code }()
	deadline := time.Now().Add(30 * time.Second)
	for err := meatware.Confirm(meatware.Dir, host); err != nil; err = meatware.Confirm(meatware.Dir, host) {
		if time.Now().After(deadline) {
			t.Fatalf("no request for %s: %v", host, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code := <-done; code != 0 {
		t.Errorf("reboot confirmed by the operator: exit %d", code)
	}
}

func fenceSBD(t *testing.T, f *peertest.Fencer) {
	peertest.Need(t, peertest.Has("sbd") && peertest.Has("losetup"), "sbd and losetup")
	img := filepath.Join(t.TempDir(), "sbd.img")
	os.WriteFile(img, nil, 0o600)
	os.Truncate(img, 4<<20)
	out, err := exec.Command("losetup", "-f", "--show", img).CombinedOutput()
	peertest.Need(t, err == nil, fmt.Sprintf("losetup: %v %s", err, out))
	dev := strings.TrimSpace(string(out))
	defer exec.Command("losetup", "-d", dev).Run()
	for _, args := range [][]string{{"-1", "1", "-2", "0", "-4", "2", "create"}, {"allocate", "s1"}} {
		if out, err := exec.Command("sbd", append([]string{"-d", dev}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("sbd %v: %v\n%s", args, err, out)
		}
	}
	f.Register(t, "sbd1", "fence_exec_sbd", "devices="+dev, "pcmk_host_list=s1")
	if code, out := f.Admin(t, "-F", "s1", "-t", "30"); code != 0 {
		t.Fatalf("off: exit %d\n%s", code, out)
	}
	list, _ := exec.Command("sbd", "-d", dev, "list").Output()
	if !strings.Contains(string(list), "0\ts1\toff\t") {
		t.Errorf("after off, sbd list says %q", list)
	}
}
