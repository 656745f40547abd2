package agenttest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// Compare benchmarks ours against theirs (the fence-agents program), both
// installed programs (see peertest.BuildAgent), on the same stdins: each
// round runs every stdin once, in order, each expected to exit with want.
// It reports how many times faster ours is (x-faster, their time over
// ours) and both times per round.
func Compare(b *testing.B, ours, theirs string, want int, stdins ...string) {
	b.Helper()
	round := func(prog string) time.Duration {
		var d time.Duration
		for _, in := range stdins {
			d += peertest.MeanRun(b, b.N, prog, in, want)
		}
		return d
	}
	b.ResetTimer()
	o := round(ours)
	b.StopTimer()
	t := round(theirs)
	b.ReportMetric(float64(t)/float64(o), "x-faster")
	b.ReportMetric(float64(o)/1e6, "ms/op")
	b.ReportMetric(float64(t)/1e6, filepath.Base(theirs)+"-ms/op")
}
