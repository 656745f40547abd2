package kdump

import (
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// BenchmarkVsFenceKdump runs the agent's binary and fence-agents'
// fence_kdump with the same stdin, and reports how many times faster the
// agent is (x-faster = fence_kdump's time / ours). For off a crashed node
// sends its message every 20 ms, so the time is the agent's own: starting,
// resolving, listening and taking the message.
func BenchmarkVsFenceKdump(b *testing.B) {
	theirs := peertest.Program(b, "fence_kdump")
	ours := peertest.BuildAgent(b, "kdump")
	port := peertest.FreeUDPPort(b)
	done := make(chan struct{})
	defer close(done)
	go spray(b, done, "127.0.0.1", port, [][]byte{Message()})
	off := map[string]string{"nodename": "127.0.0.1", "ipport": port, "timeout": "10"}
	for _, c := range []struct {
		name, stdin string
		code        int
	}{
		{"metadata", "action=metadata\n", 0},
		{"validate-all", agenttest.Stdin(ocf.ActionValidateAll, off), 0},
		{"off", agenttest.Stdin(ocf.ActionOff, off), 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			o := peertest.MeanRun(b, b.N, ours, c.stdin, c.code)
			t := peertest.MeanRun(b, b.N, theirs, c.stdin, c.code)
			b.ReportMetric(float64(t)/float64(o), "x-faster")
			b.ReportMetric(float64(o)/1e6, "ms/op")
			b.ReportMetric(float64(t)/1e6, "fence_kdump-ms/op")
		})
	}
}
