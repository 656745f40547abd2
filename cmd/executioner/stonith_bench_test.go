package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStonithNullList compares "executioner stonith -t null -p ...
// -l" with cluster-glue's stonith, both as processes, and reports the
// ratio of their times (below 1: ours is faster).
func BenchmarkStonithNullList(b *testing.B) {
	glueBin, err := exec.LookPath("stonith")
	if err != nil {
		b.Skip("stonith not installed")
	}
	bin := filepath.Join(b.TempDir(), "executioner")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	time1 := func(cmd ...string) time.Duration {
		start := time.Now()
		for i := 0; i < b.N; i++ {
			if out, err := exec.Command(cmd[0], cmd[1:]...).Output(); err != nil || string(out) != "n1\nn2\n" {
				b.Fatalf("%v: %v %q", cmd, err, out)
			}
		}
		return time.Since(start)
	}
	b.ResetTimer()
	ours := time1(bin, "stonith", "-t", "null", "-p", "n1 n2", "-l")
	glue := time1(glueBin, "-t", "null", "-p", "n1 n2", "-l")
	b.ReportMetric(float64(ours)/float64(glue), "ratio")
}
