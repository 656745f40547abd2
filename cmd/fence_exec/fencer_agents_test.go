package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/apcsmart/apcsim"
	"github.com/executioner-ha/executioner/agents/meatware"
	"github.com/executioner-ha/executioner/agents/ssh/sshtest"
	"github.com/executioner-ha/executioner/agents/suicide/logindtest"
)

// standalone is Pacemaker's fencer started stand-alone, with executioner's
// agents linked into /usr/sbin where it looks for them.
type standalone struct {
	work string
}

// needFor skips (fails under CI=true) when the test cannot run here.
func needFor(t *testing.T, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("required under CI=true: %s", why)
	}
	t.Skip(why)
}

func installed(prog string) bool { _, err := exec.LookPath(prog); return err == nil }

// startStandalone builds fence_exec, links the named agents and starts the
// fencer (with env added to its environment, which its agents inherit);
// everything is undone when the test ends.
func startStandalone(t *testing.T, env []string, devices ...string) *standalone {
	t.Helper()
	needFor(t, os.Geteuid() == 0, "Pacemaker's fencer runs as root")
	_, err := os.Stat("/usr/lib/pacemaker/pacemaker-fenced")
	needFor(t, err == nil && installed("stonith_admin"), "pacemaker-fenced and stonith_admin must be installed")
	needFor(t, exec.Command("pidof", "pacemaker-fenced").Run() != nil, "an idle machine (a pacemaker-fenced is already running)")
	f := &standalone{work: t.TempDir()}
	os.Chmod(f.work, 0o755)
	bin := filepath.Join(f.work, "fence_exec")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build fence_exec: %v\n%s", err, out)
	}
	for _, d := range devices {
		link := "/usr/sbin/fence_exec_" + d
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s exists and is not a link; not replacing it", link)
		}
		os.Remove(link)
		if err := os.Symlink(bin, link); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove(link) })
	}
	os.MkdirAll("/var/lib/pacemaker/cores", 0o750)
	log := filepath.Join(f.work, "fenced.log")
	cmd := exec.Command("/usr/lib/pacemaker/pacemaker-fenced", "-s")
	cmd.Env = append(append(os.Environ(), "PCMK_logfacility=none", "PCMK_logfile="+log), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	for i := 0; i < 100; i++ {
		if b, _ := os.ReadFile(log); bytes.Contains(b, []byte("successfully started")) {
			return f
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the fencer did not start")
	return nil
}

// admin runs stonith_admin and returns its exit code and output.
func (f *standalone) admin(t *testing.T, args ...string) (int, string) {
	t.Helper()
	out, err := exec.Command("stonith_admin", args...).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// register adds a device and fails the test when the fencer refuses it.
func (f *standalone) register(t *testing.T, id, agent string, params ...string) {
	t.Helper()
	args := []string{"-R", id, "-a", agent}
	for _, p := range params {
		args = append(args, "-o", p)
	}
	if code, out := f.admin(t, args...); code != 0 {
		t.Fatalf("registering %s: exit %d\n%s", id, code, out)
	}
}

// TestFencerAgents runs in this package, after TestFencerConformance and
// never beside it, because only one fencer may run at a time. It registers apcsmart, meatware, sbd, ssh and suicide
// devices with Pacemaker's stand-alone fencer and fences through
// stonith_admin; the device side must show the result. The fencer and its
// agents see only a private D-Bus as the system bus, with a stand-in
// logind on it.
func TestFencerAgents(t *testing.T) {
	needFor(t, os.Geteuid() == 0, "Pacemaker's fencer runs as root")
	bus := logindtest.Bus(t)
	logind := logindtest.Start(t, bus)
	devices := []string{"apcsmart", "meatware", "sbd", "ssh", "suicide"}
	f := startStandalone(t, []string{"DBUS_SYSTEM_BUS_ADDRESS=" + bus}, devices...)
	code, out := f.admin(t, "-I")
	for _, d := range devices {
		if code != 0 || !strings.Contains(out, "fence_exec_"+d) {
			t.Errorf("stonith_admin -I does not list fence_exec_%s:\n%s", d, out)
		}
		if code, md := f.admin(t, "-M", "-a", "fence_exec_"+d); code != 0 || !strings.Contains(md, "<resource-agent") {
			t.Errorf("stonith_admin -M -a fence_exec_%s: exit %d\n%s", d, code, md)
		}
	}
	t.Run("apcsmart", func(t *testing.T) { fenceUPS(t, f) })
	t.Run("meatware", func(t *testing.T) { fenceMeatware(t, f) })
	t.Run("sbd", func(t *testing.T) { fenceSBD(t, f) })
	t.Run("ssh", func(t *testing.T) { fenceSSH(t, f) })
	t.Run("suicide", func(t *testing.T) { fenceSelf(t, f, logind) })
}

func fenceSSH(t *testing.T, f *standalone) {
	s := sshtest.Start(t)
	var params []string
	for k, v := range s.Params() {
		params = append(params, k+"="+v)
	}
	f.register(t, "ssh1", "fence_exec_ssh", append(params, "pcmk_host_list=h1")...)
	if code, out := f.admin(t, "-F", "h1", "-t", "30"); code != 0 {
		t.Fatalf("off: exit %d\n%s", code, out)
	}
	if !s.Wait() {
		t.Error("off succeeded but the host's sshd still runs")
	}
}

// fenceSelf fences the fencer's own host with suicide. It first checks,
// with a harmless monitor, that the agent reaches the stand-in logind and
// not the system bus, and stops there if not.
func fenceSelf(t *testing.T, f *standalone, logind *logindtest.Logind) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	f.register(t, "self1", "fence_exec_suicide", "pcmk_host_list="+host)
	if code, out := f.admin(t, "-Q", "self1"); code != 0 || logind.Calls() != "CanReboot" {
		t.Fatalf("monitor: exit %d, stand-in logind saw %q; not fencing\n%s", code, logind.Calls(), out)
	}
	if code, out := f.admin(t, "-B", host, "-t", "30"); code != 0 || logind.Calls() != "CanReboot Reboot" {
		t.Errorf("reboot of %s: exit %d, stand-in logind saw %q\n%s", host, code, logind.Calls(), out)
	}
}

func fenceUPS(t *testing.T, f *standalone) {
	sim, err := apcsim.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	f.register(t, "ups1", "fence_exec_apcsmart", "ttydev="+sim.Path, "hostlist=u1 u2", "pcmk_host_list=u1 u2")
	if code, out := f.admin(t, "-F", "u1", "-t", "30"); code != 0 {
		t.Fatalf("off: exit %d\n%s", code, out)
	}
	if on, _, _, _ := sim.State(); on {
		t.Errorf("off succeeded but the UPS load is on")
	}
	if code, out := f.admin(t, "-U", "u1", "-t", "30"); code != 0 {
		t.Fatalf("on: exit %d\n%s", code, out)
	}
	_, _, _, offs := sim.State()
	if code, out := f.admin(t, "-B", "u2", "-t", "60"); code != 0 {
		t.Fatalf("reboot: exit %d\n%s", code, out)
	}
	if on, _, _, after := sim.State(); !on || after != offs+1 {
		t.Errorf("after reboot: load on %v, %d power-offs", on, after-offs)
	}
	if code, _ := f.admin(t, "-Q", "ups1"); code != 0 {
		t.Errorf("monitor: exit %d", code)
	}
}

func fenceMeatware(t *testing.T, f *standalone) {
	host := fmt.Sprintf("fmw%d", os.Getpid())
	f.register(t, "mw1", "fence_exec_meatware", "hostlist="+host, "pcmk_host_list="+host)
	done := make(chan int, 1)
	go func() { code, _ := f.admin(t, "-B", host, "-t", "60"); done <- code }()
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

func fenceSBD(t *testing.T, f *standalone) {
	needFor(t, installed("sbd") && installed("losetup"), "sbd and losetup must be installed")
	img := filepath.Join(t.TempDir(), "sbd.img")
	os.WriteFile(img, nil, 0o600)
	os.Truncate(img, 4<<20)
	out, err := exec.Command("losetup", "-f", "--show", img).CombinedOutput()
	needFor(t, err == nil, fmt.Sprintf("losetup: %v %s", err, out))
	dev := strings.TrimSpace(string(out))
	defer exec.Command("losetup", "-d", dev).Run()
	for _, args := range [][]string{{"-1", "1", "-2", "0", "-4", "2", "create"}, {"allocate", "s1"}} {
		if out, err := exec.Command("sbd", append([]string{"-d", dev}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("sbd %v: %v\n%s", args, err, out)
		}
	}
	f.register(t, "sbd1", "fence_exec_sbd", "devices="+dev, "pcmk_host_list=s1")
	if code, out := f.admin(t, "-F", "s1", "-t", "30"); code != 0 {
		t.Fatalf("off: exit %d\n%s", code, out)
	}
	list, _ := exec.Command("sbd", "-d", dev, "list").Output()
	if !strings.Contains(string(list), "0\ts1\toff\t") {
		t.Errorf("after off, sbd list says %q", list)
	}
}
