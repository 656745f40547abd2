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
)

// dev is one stonith primitive of a test CIB: an in-process agent with
// its instance attributes as name=value pairs.
type dev struct {
	id, agent string
	params    []string
}

// testCIB builds a CIB with nodes node1..node3, the devices and the levels
// ("target index dev1,dev2").
func testCIB(t *testing.T, devs []dev, levels ...string) *cib.Model {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9"><configuration><crm_config/>
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
	b.WriteString(`</fencing-topology></configuration><status/></cib>`)
	doc, err := cib.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model()
}

// newTestFencer returns a fencer on node1 running the in-process agents,
// configured with every device of m.
func newTestFencer(t *testing.T, m *cib.Model) (*Fencer, *[]Event) {
	t.Helper()
	h, err := Open(filepath.Join(t.TempDir(), "history"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	f := New(h, NewExecutor(&Agents{Registry: all.Registry(), Hostname: "node1"}), "node1")
	f.SetConfig(Config{Model: m, Devices: Devices(m), Timeout: 10 * time.Second})
	var mu sync.Mutex
	events := &[]Event{}
	f.OnEvent(func(e Event) { mu.Lock(); *events = append(*events, e); mu.Unlock() })
	return f, events
}

func fence(t *testing.T, f *Fencer, target, action string) Request {
	t.Helper()
	r, err := f.Fence(context.Background(), Request{Target: target, Action: action, Client: "test"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.History().Get(r.ID); got.State != r.State || len(got.Attempts) != len(r.Attempts) {
		t.Fatalf("returned request differs from the history: %+v vs %+v", r, got)
	}
	return r
}

// attempts lists "device action outcome" for each attempt, in order.
func attempts(r Request) []string {
	var out []string
	for _, a := range r.Attempts {
		out = append(out, fmt.Sprintf("%d %s %s %s", a.Level, a.Device, a.Action, a.Outcome))
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
	f, _ := newTestFencer(t, m)
	r := fence(t, f, "node3", "reboot")
	if r.State != StateDone || r.Final.By != ByDevice || r.Final.Delegate != "good" {
		t.Fatalf("request %+v: want done by good", r.Final)
	}
	wantAttempts(t, r, "1 dead reboot unreachable", "2 deaf reboot no-ack", "3 good reboot success")
	for _, a := range r.Attempts[:2] {
		if a.Detail == "" || a.Outcome.Code() != map[Outcome]int{OutcomeUnreachable: 1, OutcomeNoAck: 2}[a.Outcome] {
			t.Errorf("attempt %+v: want a detail and code 1 or 2", a)
		}
	}
}

// TestLevelAllMustSucceed: within a level the devices run in turn and the
// first failure abandons the level; every level failing fails the request
// with exactly one attempt per device.
func TestLevelAllMustSucceed(t *testing.T) {
	m := testCIB(t, []dev{
		{"a", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"b", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2")},
		{"c", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"d", "fence_exec_dummy", with(failDead, "pcmk_host_list", "node2")},
	}, "node2 1 a,b,c", "node2 2 d")
	f, _ := newTestFencer(t, m)
	r := fence(t, f, "node2", "off")
	if r.State != StateFailed || !strings.Contains(r.Final.Reason, "all topology levels failed") {
		t.Fatalf("final %+v: want failed, all levels", r.Final)
	}
	wantAttempts(t, r, "1 a off success", "1 b off no-ack", "2 d off unreachable")
	if _, ok := f.History().LastDone("node2"); ok {
		t.Fatal("a failed request counts as done")
	}
}

// TestMultiDeviceReboot: a reboot on a level of several devices is every
// device off, in order, then every device on.
func TestMultiDeviceReboot(t *testing.T) {
	m := testCIB(t, []dev{
		{"psu1", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"psu2", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
		{"noon", "fence_exec_dummy_no_on", with(pass, "pcmk_host_list", "node2")},
	}, "node2 1 psu1,psu2,noon")
	f, _ := newTestFencer(t, m)
	r := fence(t, f, "node2", "reboot")
	if r.State != StateDone {
		t.Fatalf("final %+v", r.Final)
	}
	wantAttempts(t, r, "1 psu1 off success", "1 psu2 off success", "1 noon off success",
		"1 psu1 on success", "1 psu2 on success")
}

// TestNoTopology: without levels the devices able to fence the target are
// tried in CIB order until one succeeds; devices whose host list, host map
// or dynamic list lack the target are not used.
func TestNoTopology(t *testing.T) {
	m := testCIB(t, []dev{
		{"other", "fence_exec_dummy", with(pass, "pcmk_host_list", "node1 node2")},
		{"mapped", "fence_exec_dummy", with(failReached, "pcmk_host_map", "node3:plug3;node2:plug2")},
		{"listed", "fence_exec_dummy", with(failDead, "mock_dynamic_hosts", "node1,node3")},
		{"unlisted", "fence_exec_dummy", with(pass, "mock_dynamic_hosts", "node1 node2")},
		{"any", "fence_exec_dummy", with(pass, "pcmk_host_check", "none")},
	})
	f, _ := newTestFencer(t, m)
	r := fence(t, f, "node3", "reboot")
	if r.State != StateDone || r.Final.Delegate != "any" {
		t.Fatalf("final %+v: want done by any", r.Final)
	}
	wantAttempts(t, r, "0 mapped reboot no-ack", "0 listed reboot unreachable", "0 any reboot success")
}

// TestListFallsBackToStatus: a device whose list never worked, without
// an explicit pcmk_host_check, is asked for the target's status instead
// (as Pacemaker's fencer does); with pcmk_host_check=dynamic-list it is
// not used.
func TestListFallsBackToStatus(t *testing.T) {
	m := testCIB(t, []dev{
		{"strict", "fence_exec_dummy", with(pass, "pcmk_host_check", "dynamic-list")},
		{"nolist", "fence_exec_dummy", pass},
	})
	f, _ := newTestFencer(t, m)
	r := fence(t, f, "node2", "off")
	wantAttempts(t, r, "0 nolist off success")
}

// TestNoSelfFencing: the node the fencer runs on is fenced only through a
// suicide-class device, whatever the others claim.
func TestNoSelfFencing(t *testing.T) {
	m := testCIB(t, []dev{{"d", "fence_exec_dummy", with(pass, "pcmk_host_check", "none")}})
	f, events := newTestFencer(t, m)
	r := fence(t, f, "node1", "off")
	if r.State != StateFailed || len(r.Attempts) != 0 {
		t.Fatalf("self-fencing through a dummy device: %+v %v", r.Final, attempts(r))
	}
	m = testCIB(t, []dev{{"d", "fence_exec_dummy", with(pass, "pcmk_host_check", "none")},
		{"suicide", "fence_exec_null", []string{"hostlist", "node1"}}})
	f.SetConfig(Config{Model: m, Devices: Devices(m)})
	r = fence(t, f, "NODE1", "off")
	if r.State != StateDone || r.Final.Delegate != "suicide" {
		t.Fatalf("self-fencing through a suicide-class device: %+v %v %+v", r.Final, attempts(r), *events)
	}
}

// TestDelayBase: pcmk_delay_base (map form, prefix match) delays the off;
// an unmatched node waits nothing; on is never delayed.
func TestDelayBase(t *testing.T) {
	m := testCIB(t, []dev{{"d", "fence_exec_dummy", with(pass, "pcmk_host_check", "none",
		"pcmk_delay_base", "node2:300ms;node3:0")}})
	f, events := newTestFencer(t, m)
	start := time.Now()
	if r := fence(t, f, "node2", "off"); r.State != StateDone {
		t.Fatalf("final %+v", r.Final)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Fatalf("off of node2 took %v: the 300ms base delay was not waited", took)
	}
	var delays []string
	for _, e := range *events {
		if e.Kind == EventDelay {
			delays = append(delays, fmt.Sprintf("%s %v", e.Target, e.Took))
		}
	}
	fence(t, f, "node3", "off")
	fence(t, f, "node2", "on")
	if !slices.Equal(delays, []string{"node2 300ms"}) {
		t.Fatalf("delays %q", delays)
	}
}

// TestDelayMax: the random delay stays between base and max.
func TestDelayMax(t *testing.T) {
	d := &Device{Params: map[string]string{"pcmk_delay_base": "1s", "pcmk_delay_max": "3s"}}
	for _, n := range []int64{0, 1000, 2000} {
		got := d.Delay("x", func(span int64) int64 { return min(n, span-1) })
		if got < time.Second || got > 3*time.Second {
			t.Errorf("delay %v outside [1s, 3s]", got)
		}
	}
	d.Params["pcmk_delay_max"] = "500ms" // below base: base wins
	if got := d.Delay("x", nil); got != time.Second {
		t.Errorf("max below base: delay %v, want the base", got)
	}
}

// TestRequestedDelayAndRemap: the requested (priority-fencing) delay is
// waited before the first device only; a reboot through an agent without
// reboot is an off.
func TestRequestedDelayAndRemap(t *testing.T) {
	m := testCIB(t, []dev{
		{"first", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2")},
		{"second", "fence_exec_dummy_no_reboot", with(pass, "pcmk_host_list", "node2")},
	}, "node2 1 first", "node2 2 second")
	f, events := newTestFencer(t, m)
	r, err := f.Fence(context.Background(), Request{Target: "node2", Action: "reboot"}, 150*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	wantAttempts(t, r, "1 first reboot no-ack", "2 second off success")
	var delays []string
	for _, e := range *events {
		if e.Kind == EventDelay {
			delays = append(delays, fmt.Sprintf("%s %v", e.Device, e.Took))
		}
	}
	if !slices.Equal(delays, []string{"first 150ms"}) {
		t.Fatalf("delays %q, want the requested delay before the first device only", delays)
	}
}

// TestUnconfigured: a fencer without configuration fails requests, with
// no attempt and no panic.
func TestUnconfigured(t *testing.T) {
	h, err := Open(filepath.Join(t.TempDir(), "history"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	f := New(h, NewExecutor(&Agents{}), "node1")
	if r := fence(t, f, "node2", "off"); r.State != StateFailed || len(r.Attempts) != 0 {
		t.Fatalf("unconfigured fencer: %+v", r)
	}
	if _, err := f.Fence(context.Background(), Request{Target: "node2", Action: "cycle"}, 0); err == nil {
		t.Fatal("unknown action accepted")
	}
}
