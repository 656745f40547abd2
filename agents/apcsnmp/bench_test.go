package apcsnmp

import (
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// BenchmarkVsFenceApcSnmp runs the agent binary and fence_apc_snmp with
// the same stdin against the same snmpd and emulated Rack PDU and reports
// how many times faster the agent is (x-faster = fence_apc_snmp's time /
// ours): metadata, status by outlet name, and off then on (two runs, both
// confirmed), over v1 and v3 (SHA/AES).
func BenchmarkVsFenceApcSnmp(b *testing.B) {
	theirs := peertest.Program(b, "fence_apc_snmp")
	p := startPDU(b, "rpdu")
	ours := peertest.BuildAgent(b, "apc_snmp")
	b.Run("metadata", func(b *testing.B) { agenttest.Compare(b, ours, theirs, 0, "action=metadata\n") })
	for _, c := range []struct {
		name  string
		extra []string
	}{{"v1", nil}, {"v3", v3}} {
		base := agenttest.WithTarget(params(p, c.extra...), "node2")
		b.Run(c.name+"/status", func(b *testing.B) { agenttest.Compare(b, ours, theirs, 0, agenttest.Stdin(ocf.ActionStatus, base)) })
		b.Run(c.name+"/off-on", func(b *testing.B) {
			agenttest.Compare(b, ours, theirs, 0, agenttest.Stdin(ocf.ActionOff, base), agenttest.Stdin(ocf.ActionOn, base))
		})
	}
}
