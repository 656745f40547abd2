package ipmi

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

const simPass = "sim-secret9"

// startSim starts ipmi_sim on a free port with user testUser / simPass.
func startSim(t testing.TB) *peertest.IPMISim {
	t.Helper()
	return peertest.StartIPMISim(t, testUser, simPass)
}

// simPower reads the simulator's chassis state as the agent kit wants it.
func simPower(s *peertest.IPMISim) func() (ocf.Power, error) {
	return func() (ocf.Power, error) {
		on, err := s.On()
		return ocf.Power(on), err
	}
}

func simParams(s *peertest.IPMISim, extra ...string) map[string]string {
	return params(s.Port, append([]string{"password", simPass, "cipher", "3"}, extra...)...)
}

func TestSimConformance(t *testing.T) {
	s := startSim(t)
	agenttest.Run(t, agenttest.Config{Agent: New(), Name: "fence_exec_ipmi", Target: "node1",
		Params: simParams(s), Power: simPower(s), Counterpart: "fence_ipmilan"})
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
	if ev := s.Events(t)[before:]; strings.Join(ev, ",") != "0,1" {
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
	if on, _ := s.On(); !on {
		t.Error("wrong password: power is off")
	}
	s.Signal(t, syscall.SIGSTOP)
	checkFailsFast(t, "hung", simParams(s, "login_timeout", "2"))
	s.Signal(t, syscall.SIGCONT)
	s.Stop()
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
