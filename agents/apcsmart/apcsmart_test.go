package apcsmart

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/apcsmart/apcsim"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// newSim starts a simulated UPS for the test.
func newSim(t *testing.T) *apcsim.Sim {
	t.Helper()
	s, err := apcsim.Start()
	if err != nil {
		t.Fatalf("simulator: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func testAgent(t *testing.T) *Agent {
	return &Agent{LockDir: t.TempDir(), Poll: 50 * time.Millisecond}
}

func TestConformance(t *testing.T) {
	s := newSim(t)
	agenttest.Run(t, agenttest.Config{
		Agent:   testAgent(t),
		Name:    "fence_exec_apcsmart",
		Params:  map[string]string{"ttydev": s.Path, "hostlist": "node1 node2"},
		Target:  "node1",
		Power:   s.Power,
		Timeout: time.Minute,
	})
}

// TestSimulatorHonest drives the simulator with cluster-glue's own
// apcsmart plugin: the state it leaves must be what the plugin asked for.
func TestSimulatorHonest(t *testing.T) {
	stonith := peertest.Program(t, "stonith")
	peertest.Writable(t, "/var/lock")
	s := newSim(t)
	run := func(args ...string) int {
		t.Helper()
		args = append([]string{"-t", "apcsmart", "ttydev=" + s.Path, "hostlist=node1 node2"}, args...)
		err := exec.Command(stonith, args...).Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	}
	if rc := run("-S"); rc != 0 {
		t.Fatalf("stonith -S: rc %d; trace %s", rc, s.Commands())
	}
	if rc := run("-T", "off", "node1"); rc != 0 || must(s.Power()) != ocf.PowerOff {
		t.Fatalf("stonith -T off: rc %d, load %v; trace %s", rc, must(s.Power()), s.Commands())
	}
	if rc := run("-T", "on", "node1"); rc != 0 || must(s.Power()) != ocf.PowerOn {
		t.Fatalf("stonith -T on: rc %d, load %v", rc, must(s.Power()))
	}
	_, p0, r0, offs0 := s.State()
	if rc := run("-T", "reset", "node2"); rc != 0 {
		t.Fatalf("stonith -T reset: rc %d; trace %s", rc, s.Commands())
	}
	waitOn(t, s)
	if _, p, r, offs := s.State(); offs != offs0+1 || p != p0 || r != r0 {
		t.Errorf("after stonith -T reset: %d power-offs (want %d), delays %s/%s (want %s/%s restored)", offs-offs0, 1, p, r, p0, r0)
	}
	if rc := run("-T", "reset", "node3"); rc != 4 {
		t.Errorf("stonith -T reset of a host not in hostlist: rc %d, want 4 (S_BADHOST)", rc)
	}
}

func must(p ocf.Power, err error) ocf.Power { return p }

// waitOn waits for the simulator's load to come back after a reset.
func waitOn(t *testing.T, s *apcsim.Sim) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if on, _, _, _ := s.State(); on {
			return
		}
	}
	t.Fatal("the simulated load did not come back on")
}

func exec1(t *testing.T, a *Agent, stdin string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, a, "fence_exec_apcsmart", stdin, nil)
}

// TestReboot: the UPS's own shutdown-and-return, confirmed off then on,
// with the delays restored; and the onoff method.
func TestReboot(t *testing.T) {
	s := newSim(t)
	a := testAgent(t)
	_, p0, r0, offs0 := s.State()
	r := exec1(t, a, "action=reboot\nport=NODE2\nttydev="+s.Path+"\nhostlist=node1,node2\n")
	on, p, rr, offs := s.State()
	if r.Code != 0 || r.Stdout != "Success: Rebooted\n" || !on || offs != offs0+1 || p != p0 || rr != r0 {
		t.Errorf("reboot: %v\nload on %v, %d power-offs, delays %s/%s (were %s/%s)", r, on, offs-offs0, p, rr, p0, r0)
	}
	if !strings.Contains(s.Commands(), `'S'`) {
		t.Errorf("reboot did not send S: %s", s.Commands())
	}
	r = exec1(t, a, "action=reboot\nmethod=onoff\nport=node1\nttydev="+s.Path+"\nhostlist=node1 node2\n")
	if _, _, _, offs2 := s.State(); r.Code != 0 || offs2 != offs+1 {
		t.Errorf("reboot method=onoff: %v, %d power-offs", r, offs2-offs)
	}
	r = exec1(t, a, "action=off\nport=node3\nttydev="+s.Path+"\nhostlist=node1 node2\n")
	if r.Code != 1 || !strings.Contains(r.Stderr, "not in hostlist") || must(s.Power()) != ocf.PowerOn {
		t.Errorf("off of a host not in hostlist: %v", r)
	}
}

// TestFaults: a missing, hung, garbling or stuck UPS fails with exit 1 and
// one line on stderr, within bounded time, and is never reported fenced.
func TestFaults(t *testing.T) {
	s := newSim(t)
	a := testAgent(t)
	cases := []struct {
		name, dev string
		fault     apcsim.Fault
		action    string
		limit     time.Duration
	}{
		{"missing", "/dev/no-such-tty", apcsim.Healthy, "off", time.Second},
		{"hung", s.Path, apcsim.Mute, "off", 5 * time.Second},
		{"garbled", s.Path, apcsim.Garbled, "reboot", 5 * time.Second},
		{"stuck", s.Path, apcsim.Stuck, "off", 10 * time.Second},
		{"hung-status", s.Path, apcsim.Mute, "status", 5 * time.Second},
	}
	for _, c := range cases {
		s.Set(c.fault, true)
		r := exec1(t, a, "action="+c.action+"\nport=node1\npower_timeout=3\nttydev="+c.dev+"\nhostlist=node1\n")
		lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
		if r.Code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "Failed: ") || r.Elapsed > c.limit || strings.Contains(r.Stdout, "Success") {
			t.Errorf("%s: %v (limit %v)", c.name, r, c.limit)
		}
		if must(s.Power()) != ocf.PowerOn {
			t.Errorf("%s: the load went off", c.name)
		}
	}
}

// TestLock: a port locked by a live process is not touched.
func TestLock(t *testing.T) {
	s := newSim(t)
	a := testAgent(t)
	name := lockName(a.LockDir, s.Path)
	if err := os.WriteFile(name, []byte("        1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := exec1(t, a, "action=status\nport=node1\nttydev="+s.Path+"\nhostlist=node1\n")
	if r.Code != 1 || !strings.Contains(r.Stderr, "in use by process 1") || s.Commands() != "" {
		t.Errorf("locked port: %v; trace %q", r, s.Commands())
	}
	os.WriteFile(name, []byte("999999999\n"), 0o644) // stale
	if r := exec1(t, a, "action=status\nport=node1\nttydev="+s.Path+"\nhostlist=node1\n"); r.Code != 0 {
		t.Errorf("stale lock: %v", r)
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("lock left behind: %v", err)
	}
}

// BenchmarkStatus compares a status query through the agent with
// cluster-glue's "stonith -t apcsmart -S" against the same simulated UPS,
// and reports the ratio of their times (below 1: ours is faster).
func BenchmarkStatus(b *testing.B) {
	stonith, err := exec.LookPath("stonith")
	if err != nil {
		b.Skip("stonith not installed")
	}
	s, err := apcsim.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a := &Agent{LockDir: b.TempDir(), Poll: 50 * time.Millisecond}
	in := "action=status\nttydev=" + s.Path + "\nhostlist=node1\nport=node1\n"
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if r := agenttest.Exec(context.Background(), a, "fence_exec_apcsmart", in, nil); r.Code != 0 {
			b.Fatal(r)
		}
	}
	ours := time.Since(start)
	start = time.Now()
	for i := 0; i < b.N; i++ {
		if err := exec.Command(stonith, "-t", "apcsmart", "ttydev="+s.Path, "hostlist=node1", "-S").Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ours)/float64(time.Since(start)), "ratio")
}
