package controller

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// healthy is the status of three members, nothing to fence.
const healthy = `<node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="true" crmd="online" join="member" expected="member"/>`

// TestSingleSessionDevice sends 20 fencing requests at once through the
// API to one device with pcmk_action_limit=1, for two targets: all
// complete (a request that finds an identical one in flight joins it, so
// the history holds from 2 to 20 requests), the device's attempts never
// overlap, and the BMC's own log shows each request's reboot whole (off
// then on, once per request, never interleaved).
func TestSingleSessionDevice(t *testing.T) {
	bmc := startSim(t)
	dir := t.TempDir()
	path := writeCIB(t, dir, ipmiDevice("shared", bmc, "node2 node3", "pcmk_action_limit", "1"), "", "", healthy)
	d := startDaemon(t, path, nil)
	d.await(func(ev []Event) bool { return countKind(ev, EventPlan) > 0 })
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			target := []string{"node2", "node3"}[i%2]
			rep, err := Call(context.Background(), d.socket, APIRequest{Op: OpFence, Target: target, Action: "reboot"})
			if err == nil && rep.Request.State != fencer.StateDone {
				err = fmt.Errorf("request %s: %s", rep.Request.ID, rep.Request.State)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	rs := d.hist.Last(0)
	if len(rs) < 2 || len(rs) > n {
		t.Fatalf("%d requests in the history, want 2 to %d", len(rs), n)
	}
	var spans [][2]time.Time
	for _, r := range rs {
		if len(r.Attempts) != 1 || r.Attempts[0].Outcome != fencer.OutcomeSuccess {
			t.Fatalf("request %s: attempts %q", r.ID, attemptList(r))
		}
		spans = append(spans, [2]time.Time{r.Attempts[0].Started, r.Attempts[0].Finished})
	}
	slices.SortFunc(spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	for i := 1; i < len(spans); i++ {
		if spans[i][0].Before(spans[i-1][1]) {
			t.Fatalf("attempts overlap: %v-%v and %v-%v", spans[i-1][0], spans[i-1][1], spans[i][0], spans[i][1])
		}
	}
	want := slices.Repeat([]string{"0", "1"}, len(rs))
	if ev := bmc.Events(t); !slices.Equal(ev, want) {
		t.Fatalf("the BMC logged %q, want %d reboots one after the other", ev, len(rs))
	}
}

// The test binary doubles as a daemon killed with SIGKILL (see
// TestKilledMidFence).
const daemonEnv = "EXECUTIONER_TEST_DAEMON_CIB"

func TestMain(m *testing.M) {
	if path := os.Getenv(daemonEnv); path != "" {
		os.Exit(childDaemon(path))
	}
	if socket := os.Getenv(callerEnv); socket != "" {
		os.Exit(apiCaller(socket))
	}
	os.Exit(m.Run())
}

// childDaemon runs the controller on path until killed.
func childDaemon(path string) int {
	h, err := fencer.Open(filepath.Join(filepath.Dir(path), "history"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctl, err := New(Config{CIB: path, Node: "node1", History: h, Poll: 20 * time.Millisecond,
		Runner: &fencer.Agents{Registry: all.Registry(), Hostname: "node1"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := ctl.Run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestKilledMidFence kills the daemon with SIGKILL after the BMC powered
// node3 off but before the agent confirmed it: the history then holds the
// request as pending (never done) and the CIB does not say node3 was
// fenced; the restarted daemon closes the request as failed, fences node3
// again and records it.
func TestKilledMidFence(t *testing.T) {
	bmc := startSim(t)
	dir := t.TempDir()
	path := writeCIB(t, dir, strings.Replace(ipmiDevice("ipmi-node3", bmc, "node3"), `name="power_wait" value="0"`, `name="power_wait" value="3"`, 1), "", "", "")
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), daemonEnv+"="+path)
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	bmc.WaitEvents(t, func(ev []string) bool { return slices.Contains(ev, "0") })
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	h, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	pending := h.Pending()
	_, done := h.LastDone("node3")
	h.Close()
	if len(pending) != 1 || done || fencedInCIB(t, path, "node3") {
		t.Fatalf("after SIGKILL: pending %v, done %v, CIB fenced %v: want one pending request and no success",
			pending, done, fencedInCIB(t, path, "node3"))
	}
	hs := newHarness(t, path, "node1", nil, time.Second)
	hs.settle()
	r := hs.lastDone("node3")
	old, _ := hs.hist.Get(pending[0].ID)
	if old.State != fencer.StateFailed || r.ID == old.ID {
		t.Fatalf("the interrupted request is %s (%+v); the finished one %s", old.State, old.Final, r.ID)
	}
}
