package ipmi

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gobmc "github.com/bougou/go-ipmi/pkg/bmc"
	"github.com/bougou/go-ipmi/pkg/clock"
	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// corruptRuns is how many rounds of every action TestCorruptReplies runs
// per transport: EXECUTIONER_CORRUPT_RUNS, else a number CI affords.
func corruptRuns(t *testing.T) int {
	if s := os.Getenv("EXECUTIONER_CORRUPT_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("EXECUTIONER_CORRUPT_RUNS=%q: not a positive number", s)
		}
		return n
	}
	return 8
}

// agentBinary builds fence_exec_ipmi as make build does: a binary of its
// own (cmd/fence_exec with the tag agent_ipmi), the front end, with its
// worker executioner-agent-ipmi next to it. It returns the front end's
// path.
func agentBinary(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	front := filepath.Join(dir, "fence_exec_ipmi")
	peertest.GoBuild(t, "./cmd/fence_exec", front, "agentfront", "agent_ipmi")
	peertest.GoBuild(t, "./cmd/fence_exec", filepath.Join(dir, workerName), "agent_ipmi")
	return front
}

// workerName is the installed name of fence_exec_ipmi's worker.
const workerName = "executioner-agent-ipmi"

// execResult is one run of the agent binary.
type execResult struct {
	code           int
	stdout, stderr string
}

// execAgent runs the agent binary with stdin. The context only keeps a
// broken agent from hanging the test.
func execAgent(t testing.TB, bin, stdin string) execResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.Exited():
		return execResult{ee.ExitCode(), out.String(), errb.String()}
	case err != nil:
		t.Fatalf("running the agent: %v\n%s", err, errb.String())
	}
	return execResult{0, out.String(), errb.String()}
}

// set powers the test BMC's chassis on or off from the BMC side.
func (tb *testBMC) set(t testing.TB, p ocf.Power) {
	t.Helper()
	if err := tb.chassis.SetPower(context.Background(), bool(p)); err != nil {
		t.Fatal(err)
	}
	tb.Events()
}

// skewClock is the real clock moved forward by a skew the test sets: the
// BMC then takes the sessions a run left half open (its reply to the last
// handshake step was lost) for expired in the next run, as a real BMC
// does after its session timeout, without the test waiting for it.
type skewClock struct {
	mu   sync.Mutex
	skew time.Duration
}

func (c *skewClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skew)
}
func (c *skewClock) NewTimer(d time.Duration) clock.Timer   { return clock.Real.NewTimer(d) }
func (c *skewClock) NewTicker(d time.Duration) clock.Ticker { return clock.Real.NewTicker(d) }

// pastTimeout moves the clock past the BMC's session timeout.
func (c *skewClock) pastTimeout() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.skew += 2 * (gobmc.DefaultInactivityTimeout + gobmc.DefaultInactivityTimeoutTolerance)
}

// corruptStep is one action of a round, from a known power state.
type corruptStep struct {
	action ocf.Action
	from   ocf.Power
	extra  []string
}

var corruptSteps = []corruptStep{
	{ocf.ActionStatus, ocf.PowerOn, nil}, {ocf.ActionStatus, ocf.PowerOff, nil}, {ocf.ActionMonitor, ocf.PowerOn, nil},
	{ocf.ActionOn, ocf.PowerOff, nil}, {ocf.ActionOff, ocf.PowerOn, nil}, {ocf.ActionReboot, ocf.PowerOn, nil},
	{ocf.ActionReboot, ocf.PowerOff, nil}, {ocf.ActionReboot, ocf.PowerOn, []string{"method", "cycle"}},
	{ocf.ActionList, ocf.PowerOn, nil}, {ocf.ActionListStatus, ocf.PowerOn, nil}, {ocf.ActionValidateAll, ocf.PowerOn, nil},
}

// TestCorruptReplies runs every action of the agent binary, over lanplus
// and lan, against go-ipmi's BMC behind a proxy that damages 8% of its
// datagrams, and checks every answer against the BMC's real state: exit
// 0, 1 or 2, and 2 only for a status of a chassis that is off; "Status:
// ON" only when it is on; on, off and reboot succeed only when the BMC
// carried out the change; and no crash report without "Failed:".
// EXECUTIONER_CORRUPT_RUNS sets the number of rounds (500 for the full
// check; the default keeps CI's cost to seconds).
func TestCorruptReplies(t *testing.T) {
	t.Parallel()
	runs := corruptRuns(t)
	bin := agentBinary(t)
	for i, lanplus := range []string{"1", "0"} {
		t.Run("lanplus="+lanplus, func(t *testing.T) {
			t.Parallel()
			clk := &skewClock{}
			bmc := startBMC(t, testUser, testPass, gobmc.WithClock(clk))
			seed := uint64(20260 + i)
			c := newCorrupter(0.08, seed)
			port := startProxy(t, bmc.port, c)
			codes, drops, crashes := map[int]int{}, 0, 0
			for round := 0; round < runs; round++ {
				for _, s := range corruptSteps {
					bmc.set(t, s.from)
					p := params(port, append([]string{"lanplus", lanplus, "ipmitool_timeout", "0.25", "login_timeout", "2",
						"power_timeout", "2", "verbose", "1"}, s.extra...)...)
					r := execAgent(t, bin, agenttest.Stdin(s.action, agenttest.WithTarget(p, "node1")))
					after, _ := bmc.Power()
					clk.pastTimeout()
					codes[r.code]++
					drops += strings.Count(r.stderr, "dropped a datagram")
					if strings.Contains(r.stderr, "Failed: internal error") {
						crashes++
					}
					if msg := judge(s, r, after, bmc.Events()); msg != "" {
						t.Errorf("seed %d round %d, %s %v from %s: %s: exit %d\nstdout %q\nstderr %s", seed, round, s.action, s.extra, s.from, msg, r.code, r.stdout, r.stderr)
					}
				}
			}
			seen, hit := c.counts()
			t.Logf("%d runs: exit codes %v; %d of %d BMC datagrams damaged, %d dropped by the guard; %d internal errors",
				runs*len(corruptSteps), codes, hit, seen, drops, crashes)
		})
	}
}

// judge returns what is wrong with a run's answer, or "".
func judge(s corruptStep, r execResult, after ocf.Power, events []string) string {
	crash := strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "fatal error")
	switch {
	case r.code != 0 && r.code != 1 && r.code != 2:
		return "an exit code fence-agents never uses"
	case crash && !strings.Contains(r.stderr, "Failed: internal error"):
		return "a crash report without Failed:"
	case r.code == 2 && (s.action != ocf.ActionStatus || s.from != ocf.PowerOff):
		return "exit 2 (off) while the chassis is on, or for another action than status"
	case r.code == 1 && r.stdout != "":
		return "a failure with a result on stdout"
	case r.code == 1:
		return ""
	}
	switch s.action {
	case ocf.ActionStatus:
		if want := "Status: " + s.from.String() + "\n"; r.stdout != want {
			return "a status the BMC did not give"
		}
	case ocf.ActionOn, ocf.ActionOff:
		if want := s.action == ocf.ActionOn; bool(after) != want || r.stdout != "Success: Powered "+ocf.Power(want).String()+"\n" {
			return "success without the chassis in that state"
		}
	case ocf.ActionReboot:
		if r.stdout != "Success: Rebooted\n" || !(slices.Contains(events, "off") || slices.Contains(events, "cycle") || s.from == ocf.PowerOff) {
			return "a reboot reported without the BMC powering off or cycling"
		}
	}
	return ""
}
