package ipmi

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// buildAgent builds cmd/fence_exec and links it as fence_exec_ipmi.
func buildAgent(b *testing.B) string {
	b.Helper()
	gobin, err := exec.LookPath("go")
	peertest.Need(b, err == nil, "go")
	dir := b.TempDir()
	if out, err := exec.Command(gobin, "build", "-o", filepath.Join(dir, "fence_exec"), "../../cmd/fence_exec").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	link := filepath.Join(dir, "fence_exec_ipmi")
	if err := os.Symlink("fence_exec", link); err != nil {
		b.Fatal(err)
	}
	return link
}

// timeRuns runs prog n times with stdin and returns the mean wall time of
// one run, failing on an unexpected exit code.
func timeRuns(b *testing.B, n int, prog, stdin string, wantCode int) time.Duration {
	b.Helper()
	start := time.Now()
	for i := 0; i < n; i++ {
		cmd := exec.Command(prog)
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), "PYTHONWARNINGS=ignore")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			b.Fatal(err)
		}
		if code != wantCode {
			b.Fatalf("%s: exit %d, want %d\n%s", filepath.Base(prog), code, wantCode, out)
		}
	}
	return time.Since(start) / time.Duration(n)
}

// BenchmarkVsFenceIpmilan runs the agent and fence-agents' fence_ipmilan
// with the same stdin against the same ipmi_sim, and reports how many times
// faster the agent is (x-faster = fence_ipmilan's time / ours). The
// unreachable BMC is a closed port; the hung one receives and never
// answers. Both must fail within the configured timeout.
func BenchmarkVsFenceIpmilan(b *testing.B) {
	theirs, err := exec.LookPath("fence_ipmilan")
	peertest.Need(b, err == nil, "fence_ipmilan")
	s := startSim(b)
	ours := buildAgent(b)
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
		name   string
		stdin  string
		code   int
		budget time.Duration // ours must fail or finish within it
	}{
		{"metadata", "action=metadata\n", 0, 0},
		{"status", agenttest.Stdin(ocf.ActionStatus, base), 0, 0},
		{"reboot", agenttest.Stdin(ocf.ActionReboot, with("plug", "node1")), 0, 0},
		{"wrong-password", agenttest.Stdin(ocf.ActionOff, with("password", "wrong-pw-123")), 1, 0},
		{"unreachable", agenttest.Stdin(ocf.ActionOff, with("ipport", peertest.FreeUDPPort(b), "power_timeout", "5", "login_timeout", "5")), 1, 5 * time.Second},
		{"hung", agenttest.Stdin(ocf.ActionOff, with("ipport", silentPeer(b, nil), "power_timeout", "5", "login_timeout", "5")), 1, 5500 * time.Millisecond},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ResetTimer()
			o := timeRuns(b, b.N, ours, c.stdin, c.code)
			b.StopTimer()
			t := timeRuns(b, b.N, theirs, c.stdin, c.code)
			if c.budget > 0 && o > c.budget {
				b.Errorf("failed after %v, beyond the configured %v", o, c.budget)
			}
			b.ReportMetric(float64(t)/float64(o), "x-faster")
			b.ReportMetric(float64(o)/1e6, "ms/op")
			b.ReportMetric(float64(t)/1e6, "fence_ipmilan-ms/op")
		})
	}
}
