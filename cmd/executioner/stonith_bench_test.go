package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// BenchmarkStonithNullList compares "executioner stonith -t null -p ...
// -l" with cluster-glue's stonith, both as processes built and installed
// the usual way, interleaved, and reports the ratio of their median times
// over at least 21 runs each (below 1: ours is faster).
func BenchmarkStonithNullList(b *testing.B) {
	glueBin := peertest.Program(b, "stonith")
	bin := filepath.Join(b.TempDir(), "executioner")
	peertest.GoBuild(b, "./cmd/executioner", bin)
	n := b.N
	if n > 1 {
		n = max(n, 21)
	}
	var ours, glue []time.Duration
	time1 := func(cmd ...string) time.Duration {
		start := time.Now()
		if out, err := exec.Command(cmd[0], cmd[1:]...).Output(); err != nil || string(out) != "n1\nn2\n" {
			b.Fatalf("%v: %v %q", cmd, err, out)
		}
		return time.Since(start)
	}
	b.ResetTimer()
	for i := 0; i < n; i++ {
		ours = append(ours, time1(bin, "stonith", "-t", "null", "-p", "n1 n2", "-l"))
		glue = append(glue, time1(glueBin, "-t", "null", "-p", "n1 n2", "-l"))
	}
	b.StopTimer()
	slices.Sort(ours)
	slices.Sort(glue)
	b.ReportMetric(float64(ours[n/2])/float64(glue[n/2]), "ratio")
	b.ReportMetric(float64(ours[n/2])/1e6, "ms/op")
	b.ReportMetric(float64(glue[n/2])/1e6, "cluster-glue-ms/op")
}
