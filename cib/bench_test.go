package cib

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// BenchmarkVerifyVsCrmVerify parses and verifies the largest scheduler case
// and, in the same run, times `crm_verify -x` on it; the ratio metric is how
// many times faster executioner is.
func BenchmarkVerifyVsCrmVerify(b *testing.B) {
	crmVerify := peertest.Program(b, "crm_verify")
	path, size := "", int64(-1)
	for _, f := range peertest.SchedulerCases(b) {
		if fi, err := os.Stat(f); err == nil && fi.Size() > size {
			path, size = f, fi.Size()
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	const peerRuns = 5
	start := time.Now()
	for range peerRuns {
		_ = exec.Command(crmVerify, "-x", path).Run() // its verdict does not matter here
	}
	peer := time.Since(start) / peerRuns
	for b.Loop() {
		if doc, _ := Verify(data); doc == nil {
			b.Fatalf("%s does not parse", path)
		}
	}
	ours := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(peer.Nanoseconds()), "crm_verify-ns/op")
	b.ReportMetric(float64(peer)/float64(ours), "x-faster-than-crm_verify")
	b.Logf("%s (%d bytes): crm_verify %v, executioner %v", filepath.Base(path), size, peer, ours)
}
