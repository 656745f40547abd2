package ipmi

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// minRuns is the fewest runs a comparison takes the median of.
const minRuns = 21

// benchRun is one way of running an agent: a program, its stdin, and
// for the supervisor's cost the child alone (the same binary run as its
// own supervised child, with the status pipe it expects).
type benchRun struct {
	prog, stdin string
	code        int // the exit code it must end with
	asChild     bool
}

// once runs it and returns the wall time, failing on an unexpected exit
// code.
func (r benchRun) once(b *testing.B) time.Duration {
	b.Helper()
	cmd := exec.Command(r.prog)
	cmd.Stdin = strings.NewReader(r.stdin)
	cmd.Env = append(os.Environ(), "PYTHONWARNINGS=ignore")
	if r.asChild { // the worker, started under the agent's name as the front end starts it
		cmd = exec.Command(filepath.Join(filepath.Dir(r.prog), workerName))
		cmd.Args[0] = filepath.Base(r.prog)
		cmd.Stdin = strings.NewReader(r.stdin)
		cmd.Env = append(os.Environ(), "PYTHONWARNINGS=ignore")
		pr, pw, err := os.Pipe()
		if err != nil {
			b.Fatal(err)
		}
		defer pr.Close()
		defer pw.Close()
		cmd.Env = append(cmd.Env, "FENCE_EXEC_SUPERVISED=1")
		cmd.ExtraFiles = []*os.File{pw, os.Stderr}
	}
	start := time.Now()
	out, err := cmd.Output()
	took := time.Since(start)
	if code := cmd.ProcessState.ExitCode(); code != r.code {
		b.Fatalf("%s: exit %d, want %d (%v)\n%s", filepath.Base(r.prog), code, r.code, err, out)
	}
	return took
}

// medians runs each of rs n times, interleaved (so that each sees the same
// load), and returns the median time of each.
func medians(b *testing.B, n int, rs ...benchRun) []time.Duration {
	b.Helper()
	times := make([][]time.Duration, len(rs))
	for i := 0; i < n; i++ {
		for j, r := range rs {
			times[j] = append(times[j], r.once(b))
		}
	}
	ms := make([]time.Duration, len(rs))
	for j := range times {
		slices.Sort(times[j])
		ms[j] = times[j][len(times[j])/2]
	}
	return ms
}

// floorBinary builds a Go program that only prints a line: the least any
// Go agent binary costs to start, for reading the ratios.
func floorBinary(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"x\\n\") }\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "floor")
	cmd := exec.Command(peertest.Program(b, "go"), "build", "-trimpath", "-ldflags=-s -w", "-o", out, src)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GO111MODULE=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, msg)
	}
	return out
}

// BenchmarkVsFenceIpmilan runs the agent binary and fence-agents'
// fence_ipmilan with the same stdin against the same ipmi_sim, interleaved,
// and reports the median of at least 21 runs of each: x-faster is
// fence_ipmilan's median over ours. For status and reboot (the supervised
// actions) supervisor-ms is what the supervisor adds to the child's own
// time. floor-x is fence_ipmilan's median over that of a Go program that
// only prints a line: no Go agent can be faster than that. The unreachable
// BMC is a closed port, the hung one receives and never answers; both must
// fail within the configured timeout.
func BenchmarkVsFenceIpmilan(b *testing.B) {
	theirs := peertest.Program(b, "fence_ipmilan")
	s := startSim(b)
	ours := agentBinary(b)
	floor := floorBinary(b)
	base := map[string]string{"ip": "127.0.0.1", "ipport": s.Port, "username": testUser, "password": simPass,
		"lanplus": "1", "cipher": "3", "power_wait": "0"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name       string
		stdin      string
		code       int
		supervised bool
		budget     time.Duration // ours must fail or finish within it
	}{
		{"metadata", "action=metadata\n", 0, false, 0},
		{"validate-all", agenttest.Stdin(ocf.ActionValidateAll, base), 0, false, 0},
		{"status", agenttest.Stdin(ocf.ActionStatus, base), 0, true, 0},
		{"reboot", agenttest.Stdin(ocf.ActionReboot, with("plug", "node1")), 0, true, 0},
		{"wrong-password", agenttest.Stdin(ocf.ActionOff, with("password", "wrong-pw-123")), 1, true, 0},
		{"unreachable", agenttest.Stdin(ocf.ActionOff, with("ipport", peertest.FreeUDPPort(b), "power_timeout", "5", "login_timeout", "5")), 1, true, 5 * time.Second},
		{"hung", agenttest.Stdin(ocf.ActionOff, with("ipport", silentPeer(b, nil), "power_timeout", "5", "login_timeout", "5")), 1, true, 5500 * time.Millisecond},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			n := b.N
			if n > 1 {
				n = max(n, minRuns)
			}
			rs := []benchRun{{prog: ours, stdin: c.stdin, code: c.code}, {prog: theirs, stdin: c.stdin, code: c.code}, {prog: floor}}
			if c.supervised {
				rs = append(rs, benchRun{prog: ours, stdin: c.stdin, code: c.code, asChild: true})
			}
			if c.budget > 0 { // the faults take seconds: a few runs, and no floor
				n, rs = min(n, 3), rs[:2]
			}
			b.ResetTimer()
			m := medians(b, n, rs...)
			b.StopTimer()
			if c.budget > 0 && m[0] > c.budget {
				b.Errorf("failed after %v, beyond the configured %v", m[0], c.budget)
			}
			b.ReportMetric(float64(m[1])/float64(m[0]), "x-faster")
			b.ReportMetric(float64(m[0])/1e6, "ms/op")
			b.ReportMetric(float64(m[1])/1e6, "fence_ipmilan-ms/op")
			if len(m) > 2 {
				b.ReportMetric(float64(m[1])/float64(m[2]), "floor-x")
			}
			if len(m) > 3 {
				b.ReportMetric(float64(m[0]-m[3])/1e6, "supervisor-ms")
			}
		})
	}
}
