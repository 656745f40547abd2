package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/cibgen"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// scaleSizes are the cluster sizes BenchmarkScale generates: 10 and 30
// nodes, where the peers finish (crm_verify takes a second of CPU at 30
// nodes of this shape and more than a minute and a half at 100), then the
// sizes of the goals.
var scaleSizes = []int{10, 30, 1000, 10000, 50000}

// peerDeadline is how long a peer may take at one size before the larger
// sizes are not tried with it.
const peerDeadline = time.Minute

// scaleGoals are the wall-time and memory goals: 2 s and 1 GB at 10,000
// nodes, 10 s at 50,000.
var scaleGoals = map[int]struct {
	wall time.Duration
	mb   int64
}{10000: {2 * time.Second, 1024}, 50000: {10 * time.Second, 0}}

// measured is one process run.
type measured struct {
	wall, cpu time.Duration
	maxRSS    int64 // MB
	exit      int
	finished  bool
}

// runMeasured runs a process to its end (or the deadline, 0 for none)
// and reads its wall time, CPU time and peak memory.
func runMeasured(deadline time.Duration, env []string, name string, args ...string) (measured, error) {
	ctx := context.Background()
	if deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, deadline)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	err := cmd.Run()
	m := measured{wall: time.Since(start), finished: ctx.Err() == nil}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return m, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		m.maxRSS = ru.Maxrss >> 10
	}
	m.exit = cmd.ProcessState.ExitCode()
	return m, nil
}

// BenchmarkScale runs plan, verify and configure show, each as its own
// process like an administrator's, on CIBs of the realistic shape
// (internal/cibgen: a device per node and a shared PDU, a two-level
// topology per node, ten resources per node, half the nodes lost) at
// every size of scaleSizes, and reports wall time, CPU time and peak
// memory; then the growth ratios 10k/1k and 50k/10k, the goals, and
// crm_simulate, crm_verify and crmsh's show on the same files beside
// ours where they finish within peerDeadline.
func BenchmarkScale(b *testing.B) {
	dir := b.TempDir()
	files := map[int]string{}
	file := func(n int) string {
		if files[n] == "" {
			files[n] = filepath.Join(dir, fmt.Sprintf("cib-%d.xml", n))
			f, err := os.Create(files[n])
			if err != nil {
				b.Fatal(err)
			}
			if err := cibgen.Write(f, n); err != nil {
				b.Fatal(err)
			}
			if err := f.Close(); err != nil {
				b.Fatal(err)
			}
		}
		return files[n]
	}
	self := []string{"EXECUTIONER_TEST_MAIN=1"}
	commands := []struct {
		name     string
		args     func(file string) []string
		peer     string
		peerArgs func(file string) []string
		peerEnv  func(file string) []string
	}{
		{"plan", func(f string) []string { return []string{"plan", "--format", "fences", f} },
			"crm_simulate", func(f string) []string { return []string{"-x", f, "-R", "-Q"} }, nil},
		{"verify", func(f string) []string { return []string{"verify", f} },
			"crm_verify", func(f string) []string { return []string{"-x", f} }, nil},
		{"show", func(f string) []string { return []string{"configure", "--cib", f, "show"} },
			"crm", func(string) []string { return []string{"configure", "show"} },
			func(f string) []string { return []string{"CIB_file=" + f} }},
	}
	for _, c := range commands {
		ours := map[int]time.Duration{}
		for _, n := range scaleSizes {
			b.Run(fmt.Sprintf("%s/nodes=%d", c.name, n), func(b *testing.B) {
				var wall, cpu time.Duration
				var rss int64
				for b.Loop() {
					m, err := runMeasured(0, self, os.Args[0], c.args(file(n))...)
					if err != nil || m.exit != 0 {
						b.Fatalf("%s at %d nodes: exit %d, %v", c.name, n, m.exit, err)
					}
					wall, cpu, rss = wall+m.wall, cpu+m.cpu, max(rss, m.maxRSS)
				}
				runs := time.Duration(b.N)
				ours[n] = wall / runs
				b.ReportMetric((wall / runs).Seconds(), "wall-s/op")
				b.ReportMetric((cpu / runs).Seconds(), "cpu-s/op")
				b.ReportMetric(float64(rss), "max-MB")
				if g, ok := scaleGoals[n]; ok {
					met := wall/runs < g.wall && (g.mb == 0 || rss < g.mb)
					fmt.Printf("goal %s nodes=%d: %.2f s wall (goal %v), %d MB (goal %d MB or none): %s\n",
						c.name, n, (wall / runs).Seconds(), g.wall, rss, g.mb, map[bool]string{true: "met", false: "NOT MET"}[met])
				}
			})
		}
		if ours[1000] > 0 && ours[10000] > 0 && ours[50000] > 0 {
			fmt.Printf("ratio %s 10k/1k %.1f 50k/10k %.1f (linear: 10 and 5)\n", c.name,
				float64(ours[10000])/float64(ours[1000]), float64(ours[50000])/float64(ours[10000]))
		}
		peer := peertest.Lookup(c.peer)
		if peer == "" {
			fmt.Printf("ratio %s: peer %s not installed\n", c.name, c.peer)
			continue
		}
		for _, n := range scaleSizes {
			if ours[n] == 0 {
				continue
			}
			var env []string
			if c.peerEnv != nil {
				env = c.peerEnv(file(n))
			}
			m, err := runMeasured(peerDeadline, env, peer, c.peerArgs(file(n))...)
			if err != nil || !m.finished {
				fmt.Printf("ratio %s nodes=%d: %s did not finish within %v; larger sizes not tried\n", c.name, n, c.peer, peerDeadline)
				break
			}
			fmt.Printf("ratio %s nodes=%d: %s %.2f s (%d MB), executioner %.2f s: %.1fx faster\n", c.name, n, c.peer,
				m.wall.Seconds(), m.maxRSS, ours[n].Seconds(), float64(m.wall)/float64(ours[n]))
		}
	}
}
