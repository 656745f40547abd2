package redfish

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/ocf"
)

const (
	testUser = "root"
	testPass = "calvin-s3cret"
)

// startSim serves a simulated BMC with the test account until the test
// ends.
func startSim(t testing.TB, cfg redfishsim.Config) *redfishsim.Sim {
	t.Helper()
	cfg.User, cfg.Password = testUser, testPass
	s, err := redfishsim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// caFile writes s's certificate where a client can be told to trust it.
func caFile(t testing.TB, s *redfishsim.Sim) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(f, s.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// params reaches s with short timings.
func params(s *redfishsim.Sim, extra ...string) map[string]string {
	m := map[string]string{"ip": s.Host, "ipport": s.Port, "username": testUser, "password": testPass,
		"power_timeout": "5", "stonith_status_sleep": "0", "login_timeout": "2", "shell_timeout": "2"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return m
}

// power reads system 1 from the BMC side.
func power(s *redfishsim.Sim) func() (ocf.Power, error) {
	return func() (ocf.Power, error) {
		on, err := s.Power(1)
		return ocf.Power(on), err
	}
}

// run runs the agent in-process, trusting s's certificate.
func run(t testing.TB, s *redfishsim.Sim, action ocf.Action, p map[string]string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, &Agent{RootCAs: s.Roots}, "fence_exec_redfish", agenttest.Stdin(action, p), nil)
}
