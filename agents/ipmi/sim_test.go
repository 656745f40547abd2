package ipmi

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/ocf"
)

// requirePeer skips the test when a peer is missing, and fails it when
// CI=true.
func requirePeer(t testing.TB, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("peer %s missing", what)
	}
	t.Skipf("peer %s missing", what)
}

// sharedDir returns ../shared beside the repository root ($SHARED when
// set), or "".
func sharedDir() string {
	if env := os.Getenv("SHARED"); env != "" {
		return env // the Makefile's SHARED, for checkouts not beside shared/
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for ; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// simBMC is OpenIPMI's ipmi_sim run by ../shared/peers/ipmisim/start.
type simBMC struct {
	dir, port, script string
}

const simPass = "sim-secret9"

// startSim starts ipmi_sim on a free port with user admin / simPass.
func startSim(t testing.TB) *simBMC {
	t.Helper()
	_, err := exec.LookPath("ipmi_sim")
	requirePeer(t, "ipmi_sim", err == nil)
	script := filepath.Join(sharedDir(), "peers", "ipmisim")
	_, err = os.Stat(filepath.Join(script, "start"))
	requirePeer(t, "../shared/peers/ipmisim", err == nil)
	s := &simBMC{dir: t.TempDir(), port: closedPort(t), script: script}
	out, err := exec.Command(filepath.Join(script, "start"), s.dir, s.port, testUser, simPass).CombinedOutput()
	if err != nil {
		t.Fatalf("ipmisim/start: %v\n%s", err, out)
	}
	t.Cleanup(s.stop)
	return s
}

func (s *simBMC) stop() { _ = exec.Command(filepath.Join(s.script, "stop"), s.dir).Run() }

// Power reads the simulator's chassis state file.
func (s *simBMC) Power() (ocf.Power, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, "power"))
	if err != nil {
		return ocf.PowerOff, err
	}
	return ocf.Power(strings.TrimSpace(string(b)) == "1"), nil
}

// Events returns the power changes logged so far ("power 0", "power 1").
func (s *simBMC) Events(t testing.TB) []string {
	b, err := os.ReadFile(filepath.Join(s.dir, "events"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var ev []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if _, rest, ok := strings.Cut(line, " "); ok {
			ev = append(ev, rest)
		}
	}
	return ev
}

// signal sends sig to the simulator.
func (s *simBMC) signal(t testing.TB, sig syscall.Signal) {
	b, err := os.ReadFile(filepath.Join(s.dir, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatal(err)
	}
}

func simParams(s *simBMC, extra ...string) map[string]string {
	return params(s.port, append([]string{"password", simPass, "cipher", "3"}, extra...)...)
}

func TestSimConformance(t *testing.T) {
	s := startSim(t)
	agenttest.Run(t, agenttest.Config{Agent: New(), Name: "fence_exec_ipmi", Target: "node1",
		Params: simParams(s), Power: s.Power})
}

// TestSim checks, against the real simulator: reboot is off then on, IPMI
// 1.5 works, a wrong password fails without touching the power, a hung
// (stopped) and an unreachable simulator fail within login_timeout.
func TestSim(t *testing.T) {
	s := startSim(t)
	before := len(s.Events(t))
	if r := run(t, ocf.ActionReboot, simParams(s)); r.Code != 0 {
		t.Fatalf("reboot: %v", r)
	}
	if ev := s.Events(t)[before:]; strings.Join(ev, ",") != "power 0,power 1" {
		t.Errorf("reboot: power changes %q, want off then on", ev)
	}
	if r := run(t, ocf.ActionStatus, simParams(s, "lanplus", "0")); r.Code != 0 || r.Stdout != "Status: ON\n" {
		t.Errorf("status over IPMI 1.5: %v", r)
	}
	before = len(s.Events(t))
	r := run(t, ocf.ActionOff, simParams(s, "password", "wrong-pw-123"))
	if r.Code != ocf.ExitFailure || len(s.Events(t)) != before || strings.Contains(r.Stderr, "wrong-pw-123") {
		t.Errorf("wrong password: %v; power changes %q", r, s.Events(t)[before:])
	}
	if p, _ := s.Power(); p != ocf.PowerOn {
		t.Error("wrong password: power is off")
	}
	s.signal(t, syscall.SIGSTOP)
	checkFailsFast(t, "hung", simParams(s, "login_timeout", "2"))
	s.signal(t, syscall.SIGCONT)
	s.stop()
	checkFailsFast(t, "unreachable", simParams(s, "login_timeout", "2"))
}

func checkFailsFast(t *testing.T, what string, p map[string]string) {
	t.Helper()
	start := time.Now()
	r := run(t, ocf.ActionOff, p)
	if r.Code != ocf.ExitFailure || time.Since(start) > 3*time.Second {
		t.Errorf("%s simulator: %v, want a failure within login_timeout 2s", what, r)
	}
}
