package lrm

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// BenchmarkRun measures the cost of running an agent under Run (process
// group, pipes, leftover scan) against a bare os/exec run of the same
// program, the floor any runner pays. The two alternate so that both see
// the same machine load; the ratio is reported.
func BenchmarkRun(b *testing.B) {
	path, err := exec.LookPath("true")
	if err != nil {
		b.Skip("no true(1)")
	}
	c := Command{Path: path, Stdin: []byte("action=monitor\n"), Timeout: 10 * time.Second}
	var ours, bare time.Duration
	for b.Loop() {
		start := time.Now()
		res, err := Run(context.Background(), c)
		if err != nil || !res.Success() {
			b.Fatal(err, res.Err())
		}
		mid := time.Now()
		if err := exec.Command(path).Run(); err != nil {
			b.Fatal(err)
		}
		ours += mid.Sub(start)
		bare += time.Since(mid)
	}
	b.ReportMetric(float64(ours.Nanoseconds())/float64(b.N), "run-ns/op")
	b.ReportMetric(float64(ours)/float64(bare), "ratio-vs-os/exec")
}
