package redfish

import (
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// BenchmarkVsFenceRedfish runs the agent's binary and fence-agents'
// fence_redfish with the same stdin against the same simulated BMC, and
// reports how many times faster the agent is (x-faster = fence_redfish's
// time / ours). offon is an off and an on, each confirmed. The hung BMC
// is run by the agent only: fence_redfish sets no timeout on its requests
// and would wait forever; the agent must fail within its configured
// login_timeout + shell_timeout per request.
func BenchmarkVsFenceRedfish(b *testing.B) {
	theirs := peertest.Program(b, "fence_redfish")
	ours := peertest.BuildAgent(b, "redfish")
	s := startSim(b, redfishsim.Config{Transition: 1})
	ca := caFile(b, s)
	env := []string{"SSL_CERT_FILE=" + ca, "REQUESTS_CA_BUNDLE=" + ca, "PYTHONWARNINGS=ignore"}
	base := params(s)
	cases := []struct {
		name   string
		stdins []string // run in turn, each one op
		code   int
		fault  redfishsim.Fault
		budget time.Duration // ours must finish within it (0: no check)
		alone  bool          // fence_redfish is not run
	}{
		{name: "metadata", stdins: []string{"action=metadata\n"}},
		{name: "status", stdins: []string{agenttest.Stdin(ocf.ActionStatus, base)}},
		{name: "offon", stdins: []string{agenttest.Stdin(ocf.ActionOff, base), agenttest.Stdin(ocf.ActionOn, base)}},
		{name: "wrong-password", stdins: []string{agenttest.Stdin(ocf.ActionOff, params(s, "password", "wrong-pw-123"))}, code: 1},
		{name: "hung", stdins: []string{agenttest.Stdin(ocf.ActionOff, params(s, "login_timeout", "1", "shell_timeout", "1"))},
			code: 1, fault: redfishsim.Hang, budget: 2500 * time.Millisecond, alone: true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s.SetFault(c.fault)
			defer s.SetFault(redfishsim.Healthy)
			var o, t time.Duration
			for _, in := range c.stdins {
				o += peertest.MeanRun(b, b.N, ours, in, c.code, env...)
			}
			if c.budget > 0 && o > c.budget {
				b.Errorf("failed after %v, beyond the configured %v", o, c.budget)
			}
			b.ReportMetric(float64(o)/1e6, "ms/op")
			if c.alone {
				return
			}
			for _, in := range c.stdins {
				t += peertest.MeanRun(b, b.N, theirs, in, c.code, env...)
			}
			b.ReportMetric(float64(t)/float64(o), "x-faster")
			b.ReportMetric(float64(t)/1e6, "fence_redfish-ms/op")
		})
	}
}
