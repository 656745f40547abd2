package kdump

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// BenchmarkVsFenceKdump runs the agent's binary and fence-agents'
// fence_kdump with the same stdin, and reports how many times faster the
// agent is (x-faster = fence_kdump's time / ours). For off a crashed node
// sends its message every 5 ms, so the time is the agent's own: starting,
// resolving, listening and taking the message.
func BenchmarkVsFenceKdump(b *testing.B) {
	theirs := peertest.Program(b, "fence_kdump")
	dir := b.TempDir()
	peertest.GoBuild(b, "./cmd/fence_exec", filepath.Join(dir, "fence_exec"))
	ours := filepath.Join(dir, "fence_exec_kdump")
	if err := os.Symlink("fence_exec", ours); err != nil {
		b.Fatal(err)
	}
	port := peertest.FreeUDPPort(b)
	done := make(chan struct{})
	defer close(done)
	go crashedNode(b, done, port)
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

// crashedNode sends fence_kdump's message to 127.0.0.1:port every 5 ms
// until done.
func crashedNode(b *testing.B, done chan struct{}, port string) {
	conn, err := net.Dial("udp4", "127.0.0.1:"+port)
	if err != nil {
		b.Error(err)
		return
	}
	defer conn.Close()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		_, _ = conn.Write(Message())
		select {
		case <-done:
			return
		case <-tick.C:
		}
	}
}
