package fencer

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/pengine"
)

// dev is one stonith primitive of a test CIB: an in-process agent with
// its instance attributes as name=value pairs.
type dev struct {
	id, agent string
	params    []string
}

// testCIB builds a CIB with nodes node1..node3 (all online), the devices
// and the levels ("target index dev1,dev2").
func testCIB(t *testing.T, devs []dev, levels ...string) *cib.Model {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" have-quorum="1"><configuration><crm_config/>
<nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes><resources>`)
	for _, d := range devs {
		fmt.Fprintf(&b, `<primitive id="%s" class="stonith" type="%s"><instance_attributes id="%s-ia">`, d.id, d.agent, d.id)
		for i := 0; i+1 < len(d.params); i += 2 {
			fmt.Fprintf(&b, `<nvpair id="%s-%d" name="%s" value="%s"/>`, d.id, i, d.params[i], d.params[i+1])
		}
		b.WriteString(`</instance_attributes></primitive>`)
	}
	b.WriteString(`</resources><constraints/><fencing-topology>`)
	for i, l := range levels {
		f := strings.Fields(l)
		fmt.Fprintf(&b, `<fencing-level id="fl-%d" target="%s" index="%s" devices="%s"/>`, i, f[0], f[1], f[2])
	}
	b.WriteString(`</fencing-topology></configuration><status>`)
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, `<node_state id="%d" uname="node%d" in_ccm="true" crmd="online" join="member" expected="member"/>`, i, i)
	}
	b.WriteString(`</status></cib>`)
	doc, err := cib.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model()
}

// testFencer is a fencer on node1 running the in-process agents on an
// instant clock, with the events it reported.
type testFencer struct {
	*Fencer
	clock  *peertest.Clock
	mu     sync.Mutex
	events []Event
}

func newTestFencer(t *testing.T) *testFencer {
	t.Helper()
	h, err := Open(filepath.Join(t.TempDir(), "history"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	tf := &testFencer{clock: peertest.NewInstantClock(time.Unix(1700000000, 0))}
	tf.Fencer = New(h, NewExecutor(&Agents{Registry: all.Registry(), Hostname: "node1"}, tf.clock), "node1")
	tf.OnEvent(func(e Event) { tf.mu.Lock(); tf.events = append(tf.events, e); tf.mu.Unlock() })
	return tf
}

// step is the plan's step for action against target in m, with the
// agents' metadata.
func (tf *testFencer) step(t *testing.T, m *cib.Model, target string, action cib.FenceAction) *pengine.Step {
	t.Helper()
	infos, errs := tf.Executor().Infos(context.Background(), m)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	st, err := pengine.StepFor(pengine.Input{Model: m, Agents: infos}, target, action)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// fence carries out the plan's step for action against target.
func (tf *testFencer) fence(t *testing.T, m *cib.Model, target string, action cib.FenceAction) Request {
	t.Helper()
	return tf.run(t, target, action, tf.step(t, m, target, action))
}

func (tf *testFencer) run(t *testing.T, target string, action cib.FenceAction, st *pengine.Step) Request {
	t.Helper()
	r, err := tf.Fence(context.Background(), Request{Target: target, Action: action, Client: "test"}, st)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tf.History().Get(r.ID); got.State != r.State || len(got.Attempts) != len(r.Attempts) {
		t.Fatalf("returned request differs from the history: %+v vs %+v", r, got)
	}
	return r
}

func (tf *testFencer) eventsOf(kind EventKind) []string {
	tf.mu.Lock()
	defer tf.mu.Unlock()
	var out []string
	for _, e := range tf.events {
		if e.Kind == kind {
			out = append(out, fmt.Sprintf("%s %s %s %v", e.Target, e.Device, e.Action, e.Took))
		}
	}
	return out
}

// attempts lists "level device action verb outcome" for each attempt.
func attempts(r Request) []string {
	var out []string
	for _, a := range r.Attempts {
		out = append(out, fmt.Sprintf("%d %s %s %s %s", a.Level, a.Device, a.Action, a.Verb, a.Outcome))
	}
	return out
}

func wantAttempts(t *testing.T, r Request, want ...string) {
	t.Helper()
	if got := attempts(r); !slices.Equal(got, want) {
		t.Fatalf("attempts:\n got %q\nwant %q", got, want)
	}
}

var (
	pass        = []string{"mode", "pass"}
	failReached = []string{"mode", "fail", "monitor_mode", "pass"}
	failDead    = []string{"mode", "fail", "monitor_mode", "fail"}
)

func with(base []string, kv ...string) []string { return append(slices.Clone(base), kv...) }

// TestTopologyLevels: levels run in ascending order (written out of
// order), a failed level gives way to the next, and each failure is
// classified by the device's monitor.
func TestTopologyLevels(t *testing.T) {
	m := testCIB(t, []dev{
		{"dead", "fence_exec_dummy", with(failDead, "pcmk_host_list", "node3")},
		{"deaf", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node3")},
		{"good", "fence_exec_dummy", with(pass, "pcmk_host_list", "node3")},
	}, "node3 3 good", "node3 1 dead", "node3 2 deaf")
	tf := newTestFencer(t)
	r := tf.fence(t, m, "node3", cib.FenceReboot)
	if r.State != StateDone || r.Final.By != ByDevice || r.Final.Delegate != "good" {
		t.Fatalf("request %+v: want done by good", r.Final)
	}
	wantAttempts(t, r, "1 dead reboot reboot unreachable", "2 deaf reboot reboot no-ack", "3 good reboot reboot success")
	for _, a := range r.Attempts[:2] {
		if a.Detail == "" || a.Tries != cib.DefaultAttempts {
			t.Errorf("attempt %+v: want a detail and %d tries (pcmk_reboot_retries unset)", a, cib.DefaultAttempts)
		}
	}
}

// TestLevelAllMustSucceed: within a level the devices run in turn and the
// first failure abandons the level; every level failing fails the request.
// A device already used in this phase is not used again: its level is
// abandoned when it is reached.
func TestLevelAllMustSucceed(t *testing.T) {
	m := testCIB(t, []dev{
		{"a", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"b", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2", "pcmk_off_retries", "3")},
		{"c", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"d", "fence_exec_dummy", with(failDead, "pcmk_host_list", "node2")},
	}, "node2 1 a,b,c", "node2 2 d", "node2 3 c,a")
	tf := newTestFencer(t)
	r := tf.fence(t, m, "node2", cib.FenceOff)
	if r.State != StateFailed || !strings.Contains(r.Final.Reason, "all topology levels failed") {
		t.Fatalf("final %+v: want failed, all levels", r.Final)
	}
	wantAttempts(t, r, "1 a off off success", "1 b off off no-ack", "2 d off off unreachable", "3 c off off success")
	if r.Attempts[1].Tries != 3 {
		t.Errorf("b was tried %d times, want pcmk_off_retries=3", r.Attempts[1].Tries)
	}
	if _, ok := tf.History().LastDone("node2"); ok {
		t.Fatal("a failed request counts as done")
	}
}

// TestMultiDeviceReboot: a reboot on a level of several devices is every
// device off, in order, then every device that can turn it on again.
func TestMultiDeviceReboot(t *testing.T) {
	m := testCIB(t, []dev{
		{"psu1", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"psu2", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"noon", "fence_exec_dummy_no_on", with(pass, "pcmk_host_list", "node2")},
		{"stays", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2", "pcmk_reboot_action", "off")},
	}, "node2 1 psu1,psu2,noon,stays")
	tf := newTestFencer(t)
	r := tf.fence(t, m, "node2", cib.FenceReboot)
	if r.State != StateDone {
		t.Fatalf("final %+v", r.Final)
	}
	wantAttempts(t, r, "1 psu1 off off success", "1 psu2 off off success", "1 noon off off success",
		"1 stays off off success", "1 psu1 on on success", "1 psu2 on on success")
}

// TestNoTopology: without levels the devices able to fence the target are
// tried in the order of the fencer's device table until one succeeds;
// devices whose host list, host map or dynamic list lack the target are
// not used.
func TestNoTopology(t *testing.T) {
	m := testCIB(t, []dev{
		{"other", "fence_exec_dummy", with(pass, "pcmk_host_list", "node1 node2")},
		{"mapped", "fence_exec_dummy", with(failReached, "pcmk_host_map", "node3:plug3;node2:plug2")},
		{"listed", "fence_exec_dummy", with(failDead, "mock_dynamic_hosts", "node1,node3")},
		{"unlisted", "fence_exec_dummy", with(pass, "mock_dynamic_hosts", "node1 node2")},
		{"any", "fence_exec_dummy", with(failReached, "pcmk_host_check", "none")},
	})
	tf := newTestFencer(t)
	r := tf.fence(t, m, "node3", cib.FenceReboot)
	if r.State != StateFailed {
		t.Fatalf("final %+v: every capable device fails", r.Final)
	}
	var want []string
	outcome := map[string]string{"mapped": "no-ack", "listed": "unreachable", "any": "no-ack"}
	for _, id := range cib.TableOrder([]string{"other", "mapped", "listed", "unlisted", "any"}) {
		if o, ok := outcome[id]; ok {
			want = append(want, "0 "+id+" reboot reboot "+o)
		}
	}
	wantAttempts(t, r, want...)
}

// TestListFallsBackToStatus: a device whose list never worked, without
// an explicit pcmk_host_check, is checked by status from then on (as
// Pacemaker's fencer does): the fencer's second search (before running
// the devices) already uses it. With pcmk_host_check=dynamic-list it is
// not used.
func TestListFallsBackToStatus(t *testing.T) {
	m := testCIB(t, []dev{
		{"strict", "fence_exec_dummy", with(pass, "pcmk_host_check", "dynamic-list")},
		{"nolist", "fence_exec_dummy", pass},
		{"fixed", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2")},
	})
	tf := newTestFencer(t)
	r := tf.fence(t, m, "node2", cib.FenceOff)
	var want []string
	for _, id := range []string{"fixed", "nolist"} { // status-checked devices come last
		want = append(want, "0 "+id+" off off "+map[string]string{"fixed": "no-ack", "nolist": "success"}[id])
	}
	wantAttempts(t, r, want...)
}

// counting counts the agent calls by verb.
type counting struct {
	Runner
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) Run(ctx context.Context, agent, verb string, params map[string]string, timeout time.Duration) RunResult {
	c.mu.Lock()
	c.calls[verb]++
	c.mu.Unlock()
	return c.Runner.Run(ctx, agent, verb, params, timeout)
}

// TestDynamicListCache: a dynamic list is asked at most once a minute.
func TestDynamicListCache(t *testing.T) {
	m := testCIB(t, []dev{{"listed", "fence_exec_dummy", with(pass, "mock_dynamic_hosts", "node2 node3")}})
	clk := peertest.NewClock(time.Unix(1700000000, 0))
	runner := &counting{Runner: &Agents{Registry: all.Registry(), Hostname: "node1"}, calls: map[string]int{}}
	ex := NewExecutor(runner, clk)
	infos, _ := ex.Infos(context.Background(), m)
	st, err := pengine.StepFor(pengine.Input{Model: m, Agents: infos}, "node2", cib.FenceOff)
	if err != nil {
		t.Fatal(err)
	}
	op := st.Levels[0].Ops[0]
	for range 3 {
		if ok, why := ex.Admits(context.Background(), op); !ok {
			t.Fatal(why)
		}
	}
	clk.Advance(59 * time.Second)
	ex.Admits(context.Background(), op)
	if runner.calls["list"] != 1 {
		t.Fatalf("%d lists within a minute", runner.calls["list"])
	}
	clk.Advance(time.Second)
	if ok, why := ex.Admits(context.Background(), op); !ok || runner.calls["list"] != 2 {
		t.Fatalf("after a minute: %v %s, %d lists", ok, why, runner.calls["list"])
	}
}

// TestNoSelfFencing: the plan lets no node run a device against itself
// (unless the agent's action is on_target), so the fencer refuses.
func TestNoSelfFencing(t *testing.T) {
	m := testCIB(t, []dev{{"d", "fence_exec_dummy", with(pass, "pcmk_host_check", "none")}})
	tf := newTestFencer(t)
	r := tf.fence(t, m, "node1", cib.FenceOff)
	if r.State != StateFailed || len(r.Attempts) != 0 {
		t.Fatalf("self-fencing through a dummy device: %+v %v", r.Final, attempts(r))
	}
	if skips := tf.eventsOf(EventSkip); len(skips) != 1 {
		t.Fatalf("skips %q", skips)
	}
}

// TestDelays: pcmk_delay_base (map form, prefix match) delays the off; an
// unmatched node waits nothing; on is never delayed; the requested delay
// is waited before the first device of level 1 only.
func TestDelays(t *testing.T) {
	m := testCIB(t, []dev{
		{"first", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2 node3", "pcmk_delay_base", "node2:3s;node3:0")},
		{"second", "fence_exec_dummy_no_reboot", with(pass, "pcmk_host_list", "node2 node3")},
	}, "node2 1 first", "node2 2 second")
	tf := newTestFencer(t)
	st := tf.step(t, m, "node2", cib.FenceReboot)
	st.Delay = 5
	start := tf.clock.Now()
	r := tf.run(t, "node2", cib.FenceReboot, st)
	wantAttempts(t, r, "1 first reboot reboot no-ack", "2 second reboot off success")
	if got := tf.eventsOf(EventDelay); !slices.Equal(got, []string{"node2 first reboot 8s"}) {
		t.Fatalf("delays %q", got)
	}
	if took := tf.clock.Now().Sub(start); took < 8*time.Second {
		t.Fatalf("the delay was not waited on the clock: %v", took)
	}
	tf.fence(t, m, "node3", cib.FenceOff)
	tf.fence(t, m, "node2", cib.FenceOn)
	if got := tf.eventsOf(EventDelay); len(got) != 1 {
		t.Fatalf("delays %q: node3 (0) and on wait nothing", got)
	}
}

// TestRandomDelay: the random part stays below max-base, the delays
// adding up from one device to the next without topology.
func TestRandomDelay(t *testing.T) {
	m := testCIB(t, []dev{
		{"a", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2", "pcmk_delay_base", "1", "pcmk_delay_max", "4")},
		{"b", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2", "pcmk_delay_base", "2")},
	})
	tf := newTestFencer(t)
	var spans []int64
	tf.SetRand(func(n int64) int64 { spans = append(spans, n); return n - 1 })
	r := tf.fence(t, m, "node2", cib.FenceOff)
	if r.State != StateDone {
		t.Fatalf("final %+v", r.Final)
	}
	// a: 1 + the random part (span 3, the source answers 2); b: 2, not random
	delays := map[string]int{"a": 3, "b": 2}
	total := 0
	var want []string
	var wantSpans []int64
	for _, id := range cib.TableOrder([]string{"a", "b"}) {
		total += delays[id]
		want = append(want, fmt.Sprintf("node2 %s off %v", id, time.Duration(total)*time.Second))
		if id == "a" {
			wantSpans = append(wantSpans, 3)
		}
		if id == "b" {
			break // b succeeds
		}
	}
	if got := tf.eventsOf(EventDelay); !slices.Equal(got, want) || !slices.Equal(spans, wantSpans) {
		t.Fatalf("delays %q (spans %v), want %q (%v)", got, spans, want, wantSpans)
	}
}

// TestBadSteps: a request without a step, or whose step is another
// target's, or with an unknown action, is refused without a record.
func TestBadSteps(t *testing.T) {
	m := testCIB(t, []dev{{"d", "fence_exec_dummy", with(pass, "pcmk_host_check", "none")}})
	tf := newTestFencer(t)
	st := tf.step(t, m, "node2", cib.FenceOff)
	for _, req := range []Request{{Target: "node2", Action: cib.FenceOff}, {Target: "node3", Action: cib.FenceOff},
		{Target: "node2", Action: "cycle"}} {
		s := st
		if req.Target == "node2" && req.Action == cib.FenceOff {
			s = nil
		}
		if _, err := tf.Fence(context.Background(), req, s); err == nil {
			t.Errorf("request %+v accepted", req)
		}
	}
	if n := len(tf.History().Last(10)); n != 0 {
		t.Fatalf("%d requests recorded", n)
	}
}
