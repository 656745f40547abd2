package fencer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/pengine"
)

// callRecorder records the fencing calls of executioner's fencer, as the
// calllog wrapper records Pacemaker's.
type callRecorder struct {
	Runner
	mu    sync.Mutex
	calls []string
}

func (c *callRecorder) Run(ctx context.Context, agent, verb string, params map[string]string, timeout time.Duration) RunResult {
	if isFencingVerb(verb) {
		c.mu.Lock()
		c.calls = append(c.calls, callLine(params["devid"], verb, params))
		c.mu.Unlock()
	}
	return c.Runner.Run(ctx, agent, verb, params, timeout)
}

func (c *callRecorder) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = nil
	return out
}

func isFencingVerb(v string) bool { return v == "reboot" || v == "off" || v == "on" }

// callLine is one fencing call as both sides report it: the device, the
// verb, and the target as the agent receives it.
func callLine(devid, verb string, params map[string]string) string {
	return fmt.Sprintf("%s %s nodename=%s port=%s plug=%s", devid, verb, params["nodename"], params["port"], params["plug"])
}

// pacemakerCalls reads the calllog wrapper's log of Pacemaker's agent
// calls: the fencing ones, in order.
func pacemakerCalls(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		params := map[string]string{}
		for _, kv := range f[1:] {
			k, v, _ := strings.Cut(kv, "=")
			params[k] = v
		}
		if isFencingVerb(params["action"]) {
			out = append(out, callLine(params["devid"], params["action"], params))
		}
	}
	return out
}

var versionRE = regexp.MustCompile(`<cib [^>]*`)

// cibVersion is the live CIB's admin_epoch.epoch.num_updates.
func cibVersion(t *testing.T, pf *peertest.ClusterFencer) string {
	t.Helper()
	code, out := pf.Run(t, "cibadmin", "--query")
	head := versionRE.FindString(out)
	attr := func(name string) string {
		m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(head)
		if m == nil {
			t.Fatalf("cibadmin: no %s in %q (exit %d)", name, head, code)
		}
		return m[1]
	}
	return attr("admin_epoch") + "." + attr("epoch") + "." + attr("num_updates")
}

// load puts g into the live CIB and returns once the fencer has taken it
// in: the configuration (devices and placement) first, then the topology,
// which the fencer then reads whole.
func load(t *testing.T, pf *peertest.ClusterFencer, g genTopology) {
	t.Helper()
	conf := filepath.Join(pf.Dir(), "configuration.xml")
	if err := os.WriteFile(conf, []byte(g.configuration), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := pf.Run(t, "cibadmin", "--replace", "--scope", "configuration", "--xml-file", conf); code != 0 {
		t.Fatalf("cibadmin --replace: exit %d\n%s\n%s", code, out, g.configuration)
	}
	pf.WaitLog(t, "Updating devices to version "+cibVersion(t, pf))
	if g.topology == "" {
		return
	}
	if code, out := pf.Run(t, "cibadmin", "--create", "--scope", "configuration", "--xml-text", g.topology); code != 0 {
		t.Fatalf("cibadmin --create: exit %d\n%s\n%s", code, out, g.topology)
	}
	pf.WaitLog(t, "Re-initializing fencing topology after top-level create operation "+cibVersion(t, pf))
}

// registered lists the devices the fencer registered.
func registered(t *testing.T, pf *peertest.ClusterFencer) []string {
	t.Helper()
	code, out := pf.Admin(t, "--list-registered")
	if code != 0 && !strings.Contains(out, "0 fence devices") {
		t.Fatalf("stonith_admin -L: exit %d\n%s", code, out)
	}
	var ids []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.Contains(l, "fence device") {
			ids = append(ids, l)
		}
	}
	sort.Strings(ids)
	return ids
}

// TestPlanMatchesPacemakerFencer loads generated fencing set-ups into the
// live CIB of Pacemaker's fencer running as in a cluster (it reads the
// devices, their placement, the topology and node attributes from the
// CIB, which the stand-alone fencer does not), fences each target with
// stonith_admin, and compares what Pacemaker did with what executioner's
// fencer does when it carries out the plan's step on the same node with
// the same agents: the devices registered there, the fencing calls in
// order (device, verb, attempts, the target's name and port as the agent
// receives them) and the outcome. Without topology Pacemaker 2.1.5 sorts
// the devices by memory it should not read, so there the calls are
// compared as a set.
func TestPlanMatchesPacemakerFencer(t *testing.T) {
	dir := t.TempDir()
	real, wrapper := filepath.Join(dir, "fence_exec"), filepath.Join(dir, "calllog")
	peertest.GoBuild(t, "./cmd/fence_exec", real)
	peertest.GoBuild(t, "./internal/peertest/testdata/calllog", wrapper)
	log := filepath.Join(dir, "calls")
	agentNames := []string{"fence_exec_dummy", "fence_exec_dummy_no_reboot", "fence_exec_dummy_no_on", "fence_exec_dummy_auto_unfence"}
	pf := peertest.StartClusterFencer(t, wrapper, agentNames, "CALLLOG="+log, "FENCE_EXEC_REAL="+real)
	cases := 200
	if testing.Short() {
		cases = 20
	}
	r := rand.New(rand.NewPCG(2026, 10))
	compared := 0
	for n := range cases {
		g := generate(r, n)
		m, err := g.model()
		if err != nil {
			t.Fatal(err)
		}
		load(t, pf, g)
		rec := &callRecorder{Runner: &Agents{Registry: all.Registry(), Hostname: peertest.ClusterNode}}
		h, err := Open(filepath.Join(t.TempDir(), "history"))
		if err != nil {
			t.Fatal(err)
		}
		ex := NewExecutor(rec, peertest.NewInstantClock(time.Unix(1700000000, 0)))
		f := New(h, ex, peertest.ClusterNode)
		infos, _ := ex.Infos(context.Background(), m)
		in := pengine.Input{Model: m, Agents: infos}
		plan, err := pengine.Schedule(in)
		if err != nil {
			t.Fatal(err)
		}
		var ours []string
		for _, d := range plan.Devices {
			if slices.Contains(d.Nodes.Names(), peertest.ClusterNode) {
				ours = append(ours, d.ID)
			}
		}
		sort.Strings(ours)
		failed := false
		if theirs := registered(t, pf); !slices.Equal(ours, theirs) {
			t.Errorf("case %d: Pacemaker registers %q on %s, the plan places %q there", n, theirs, peertest.ClusterNode, ours)
			failed = true
		}
		for _, req := range g.requests {
			target, action := req[0], cib.FenceAction(req[1])
			_ = os.Remove(log)
			logMark := logSize(pf)
			flag := map[cib.FenceAction]string{cib.FenceReboot: "--reboot", cib.FenceOff: "--fence", cib.FenceOn: "--unfence"}[action]
			code, out := pf.Admin(t, flag, target, "--timeout", "60")
			theirs := pacemakerCalls(t, log)
			st, err := pengine.StepFor(in, target, action)
			if err != nil {
				t.Fatal(err)
			}
			rec.take()
			res, err := f.Fence(context.Background(), Request{Target: target, Action: action}, st)
			if err != nil {
				t.Fatal(err)
			}
			mine := rec.take()
			why := ""
			switch {
			case (code == 0) != (res.State == StateDone):
				why = "the outcomes differ"
			case eligibleDiffers(st, eligibleSince(pf, logMark, target)) != "":
				why = eligibleDiffers(st, eligibleSince(pf, logMark, target))
			case st.Topology && !slices.Equal(mine, theirs):
				why = "the calls differ"
			case !st.Topology:
				why = validAlternatives(t, ex, rec.Runner, st, theirs, mine, code == 0)
			}
			if why != "" {
				t.Errorf("case %d: %s %s: %s:\nPacemaker (exit %d): %q\nexecutioner (%s): %q\n%s\n%s", n, action, target, why, code, theirs,
					res.State, mine, strings.TrimSpace(out), logSince(pf, logMark))
				failed = true
			}
			compared++
		}
		h.Close()
		if failed {
			t.Logf("case %d:\n%s\n%s", n, g.configuration, g.topology)
		}
	}
	t.Logf("%d set-ups, %d requests compared", cases, compared)
}

func logSize(pf *peertest.ClusterFencer) int64 {
	fi, err := os.Stat(pf.Log)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// logSince is what Pacemaker logged about topology and devices since
// offset, for a failure's report.
func logSince(pf *peertest.ClusterFencer, offset int64) string {
	b, _ := os.ReadFile(pf.Log)
	if int64(len(b)) < offset {
		return ""
	}
	var out []string
	for _, l := range strings.Split(string(b[offset:]), "\n") {
		if strings.Contains(l, "Matched") || strings.Contains(l, "topology") || strings.Contains(l, "level") ||
			strings.Contains(l, "Requesting that") || strings.Contains(l, "eligible") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var eligibleLine = regexp.MustCompile(`\(can_fence_host_with_device\)\s+\w+: (\S+) is eligible to fence \(\w+\) (\S+?)(?: \(as|:)`)

// eligibleSince lists the devices Pacemaker's fencer found able to fence
// target since offset of its log.
func eligibleSince(pf *peertest.ClusterFencer, offset int64, target string) []string {
	b, _ := os.ReadFile(pf.Log)
	if int64(len(b)) < offset {
		return nil
	}
	var devs []string
	for _, m := range eligibleLine.FindAllStringSubmatch(string(b[offset:]), -1) {
		if m[2] == target && !slices.Contains(devs, m[1]) {
			devs = append(devs, m[1])
		}
	}
	return devs
}

// eligibleDiffers says how the devices Pacemaker's fencer found able to
// fence the step's target differ from the step's query: each must be one
// the query may find able (Step.Able), and each the query knows to be
// able before anything runs must be among them (the fencer here answering
// alone). "" when they agree.
func eligibleDiffers(st *pengine.Step, eligible []string) string {
	able := st.Able([]string{peertest.ClusterNode})
	for _, d := range eligible {
		if !slices.Contains(able, d) {
			return fmt.Sprintf("Pacemaker found %s able to fence %s, the plan's query does not (%q)", d, st.Target, able)
		}
	}
	for _, op := range st.Query {
		if slices.Contains(able, op.Device) && op.Check.Known && !slices.Contains(eligible, op.Device) {
			return fmt.Sprintf("the plan knows %s able to fence %s, Pacemaker found only %q", op.Device, st.Target, eligible)
		}
	}
	return ""
}

// agentPasses tells whether the op's call succeeds: the dummy agents are
// stateless, so the agent itself, asked once more, says so (mode=pass is
// not enough: a plug list such as "1,6" from a host map is refused by an
// agent that acts on one plug only).
func agentPasses(run Runner, op pengine.Op) bool {
	r := run.Run(context.Background(), op.Agent, op.Call.Verb, op.Call.Params, op.Call.Timeout.Std())
	return r.Code == 0 && r.Err == nil && !r.TimedOut
}

// validAlternatives checks what Pacemaker did without topology against
// the plan's level of alternatives, whose order 2.1.5 does not define:
// neither or both make calls; every call is that of a device able to
// fence the target here, made as many times as the call's attempts for a
// failing device (once for one that passes); after the first passing
// device only required ones run, a failing required one ending the
// request; a request failed otherwise tried every capable device. It says
// what is wrong, or "".
func validAlternatives(t *testing.T, ex *Executor, run Runner, st *pengine.Step, theirs, mine []string, done bool) string {
	t.Helper()
	if len(theirs) == 0 || len(mine) == 0 {
		if len(theirs) != len(mine) {
			return "only one side made calls"
		}
		return ""
	}
	want := map[string]int{} // call line -> calls expected
	passes := map[string]bool{}
	required := map[string]bool{}
	for _, op := range st.Levels[0].Ops {
		if op.Unusable != "" || !slices.Contains(op.Nodes.Names(), peertest.ClusterNode) {
			continue
		}
		if ok, _ := ex.Admits(context.Background(), op); !ok {
			continue
		}
		line := callLine(op.Call.Params["devid"], op.Call.Verb, op.Call.Params)
		passes[line] = agentPasses(run, op)
		required[line] = op.Required
		want[line] = op.Call.Attempts
		if passes[line] {
			want[line] = 1
		}
	}
	got := map[string]int{}
	var order []string
	for _, c := range theirs {
		if got[c] == 0 {
			order = append(order, c)
		}
		got[c]++
	}
	for _, c := range order {
		if _, ok := want[c]; !ok {
			return "Pacemaker called " + c + ", which is no capable device's call"
		}
		if got[c] != want[c] {
			return fmt.Sprintf("Pacemaker called %s %d times, the plan %d", c, got[c], want[c])
		}
	}
	last := order[len(order)-1]
	first := slices.IndexFunc(order, func(c string) bool { return passes[c] })
	if first >= 0 {
		for _, c := range order[first+1:] {
			if !required[c] {
				return "Pacemaker went on after a success to " + c
			}
		}
		if !done && (passes[last] || !required[last]) {
			return "Pacemaker failed after a success without a required device failing"
		}
		return ""
	}
	switch {
	case done:
		return "Pacemaker succeeded with no passing device"
	case required[last]:
		return "" // a required device failed: no other device makes up for it
	case len(got) != len(want):
		return "Pacemaker failed without trying every capable device"
	}
	return ""
}
