package agenttest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// ExecProgram runs an installed agent program (fence-agents' Python agent,
// to compare with) with stdin when args is nil, else with args, and
// returns its result as Exec does. env is added to the environment;
// Python's warnings are silenced. A program that cannot be started gives
// exit code -1 and the reason on Stderr.
func ExecProgram(ctx context.Context, prog, stdin string, args []string, env ...string) Result {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(append(os.Environ(), "PYTHONWARNINGS=ignore"), env...)
	start := time.Now()
	err := cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errb.String(), Elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		r.Code, r.Stderr = -1, err.Error()
	}
	return r
}

// Build builds the multi-call agent binary (cmd/fence_exec) into a new
// directory and returns the path of a link to it called name
// (fence_exec_ipmi), for tests and benchmarks that run the agent as
// Pacemaker does.
func Build(t testing.TB, name string) string {
	t.Helper()
	dir := t.TempDir()
	peertest.GoBuild(t, "./cmd/fence_exec", filepath.Join(dir, "fence_exec"))
	link := filepath.Join(dir, name)
	if err := os.Symlink("fence_exec", link); err != nil {
		t.Fatal(err)
	}
	return link
}

// TimeRuns runs prog n times with each of stdins in turn (one run per
// stdin) and returns the mean wall time of one round, failing on an exit
// code other than want.
func TimeRuns(b *testing.B, n int, prog string, want int, stdins ...string) time.Duration {
	b.Helper()
	start := time.Now()
	for range n {
		for _, in := range stdins {
			if r := ExecProgram(context.Background(), prog, in, nil); r.Code != want {
				b.Fatalf("%s: %v, want exit %d", filepath.Base(prog), r, want)
			}
		}
	}
	return time.Since(start) / time.Duration(max(n, 1))
}

// Compare benchmarks ours against theirs (the fence-agents program) on the
// same stdins (see TimeRuns) and reports how many times faster ours is
// (x-faster, their time over ours) and both times per round.
func Compare(b *testing.B, ours, theirs string, want int, stdins ...string) {
	b.Helper()
	b.ResetTimer()
	o := TimeRuns(b, b.N, ours, want, stdins...)
	b.StopTimer()
	t := TimeRuns(b, b.N, theirs, want, stdins...)
	b.ReportMetric(float64(t)/float64(o), "x-faster")
	b.ReportMetric(float64(o)/1e6, "ms/op")
	b.ReportMetric(float64(t)/1e6, filepath.Base(theirs)+"-ms/op")
}
