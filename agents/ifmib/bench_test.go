package ifmib

import (
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// BenchmarkVsFenceIfmib runs the agent binary and fence_ifmib with the
// same stdin against the same snmpd and namespace and reports how many
// times faster the agent is (x-faster = fence_ifmib's time / ours):
// metadata, status by interface name, and off then on (two runs, each
// confirmed), over v2c and v3 (SHA/AES).
func BenchmarkVsFenceIfmib(b *testing.B) {
	theirs := peertest.Program(b, "fence_ifmib")
	f := startFabric(b)
	ours := peertest.BuildAgent(b, "ifmib")
	b.Run("metadata", func(b *testing.B) { agenttest.Compare(b, ours, theirs, 0, "action=metadata\n") })
	for _, c := range []struct {
		name  string
		extra []string
	}{{"v2c", nil}, {"v3", v3}} {
		base := agenttest.WithTarget(params(f, c.extra...), "s2")
		b.Run(c.name+"/status", func(b *testing.B) { agenttest.Compare(b, ours, theirs, 0, agenttest.Stdin(ocf.ActionStatus, base)) })
		b.Run(c.name+"/off-on", func(b *testing.B) {
			agenttest.Compare(b, ours, theirs, 0, agenttest.Stdin(ocf.ActionOff, base), agenttest.Stdin(ocf.ActionOn, base))
		})
	}
}
