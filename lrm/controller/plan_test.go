package controller

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
)

// recorder is a fence agent runner that succeeds at everything (a list
// names every node of the CIB) and records the calls; the metadata is
// that of executioner's own agents, as executioner plan reads it with no
// agents directory.
type recorder struct {
	agents fencer.Agents
	nodes  string
	mu     sync.Mutex
	calls  []string
}

func (r *recorder) Run(_ context.Context, agent, verb string, params map[string]string, timeout time.Duration) fencer.RunResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, callKey(agent, pengine.AgentCall{Verb: verb, Params: params, Timeout: pengine.Duration(timeout)}))
	if verb == "list" {
		return fencer.RunResult{Stdout: r.nodes}
	}
	return fencer.RunResult{}
}

func (r *recorder) Info(ctx context.Context, agent string) (cib.AgentInfo, error) {
	return r.agents.Info(ctx, agent)
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

func callKey(agent string, c pengine.AgentCall) string {
	b, _ := json.Marshal(c.Params)
	return agent + " " + c.Verb + " " + string(b) + " " + c.Timeout.Std().String()
}

// planCLI runs executioner plan --format json on a CIB and returns the
// steps it prints, by action key, and the actions' predecessors.
type planCLI struct {
	bin string
	dir string
}

type cliPlan struct {
	Actions []cliAction `json:"actions"`
}

type cliAction struct {
	Target string          `json:"target"`
	Action cib.FenceAction `json:"action"`
	Pseudo bool            `json:"pseudo"`
	After  []string        `json:"after"`
	Step   json.RawMessage `json:"step"`
}

func (p *planCLI) plan(t *testing.T, data []byte, at time.Time) cliPlan {
	t.Helper()
	f, err := os.CreateTemp(p.dir, "cib-*.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command(p.bin, "plan", "--format", "json", "--agents-dir", "", "--at", fmt.Sprint(at.Unix()), f.Name())
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("executioner plan: %v\n%s", err, errOut.String())
	}
	var plan cliPlan
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatalf("plan --format json: %v", err)
	}
	return plan
}

// TestDaemonCarriesOutThePlan drives the daemon step by step on every CIB
// of the shared scheduler cases and of the project's own testdata, with
// agents that succeed at everything: each fencing request it starts
// carries out exactly the step executioner plan --format json prints for
// the CIB it was planned from, in an order the plan's edges allow, and
// every agent call the fencer then makes is one of that step's calls.
func TestDaemonCarriesOutThePlan(t *testing.T) {
	root := peertest.RepoRoot(t)
	files := peertest.SchedulerCases(t)
	for _, pattern := range []string{"pengine/testdata/cases/*.xml", "lrm/controller/testdata/*.xml"} {
		own, _ := filepath.Glob(filepath.Join(root, pattern))
		files = append(files, own...)
	}
	cli := &planCLI{bin: filepath.Join(t.TempDir(), "executioner"), dir: t.TempDir()}
	peertest.GoBuild(t, "./cmd/executioner", cli.bin)
	fenced := 0
	var mu sync.Mutex
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".xml")
		t.Run(filepath.Base(filepath.Dir(file))+"/"+name, func(t *testing.T) {
			t.Parallel()
			n := carryOut(t, cli, file)
			mu.Lock()
			fenced += n
			mu.Unlock()
		})
	}
	t.Cleanup(func() {
		t.Logf("%d CIBs, %d requests compared with the plan", len(files), fenced)
		if fenced == 0 && !t.Failed() {
			t.Error("no case fenced anything")
		}
	})
}

// carryOut runs one CIB and returns how many requests it compared.
func carryOut(t *testing.T, cli *planCLI, file string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		t.Skipf("not a CIB the daemon reads: %v", err)
	}
	m := doc.Model()
	node, names := daemonNode(m)
	if node == "" {
		t.Skip("no node to run the daemon on")
	}
	path := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{agents: fencer.Agents{Registry: all.Registry()}, nodes: names}
	start := time.Now()
	if m.ExecutionDate > 0 {
		start = time.Unix(m.ExecutionDate, 0)
	}
	hs := newHarnessAt(t, path, node, rec, time.Second, start)
	done := map[string]bool{}
	compared := 0
	for range 200 {
		snap := hs.ctl.Snapshot(context.Background(), hs.pending)
		hs.pending = nil
		acts := hs.ctl.Step(snap)
		if len(acts) == 0 {
			break
		}
		hs.ctl.mu.Lock()
		planned, at := hs.ctl.data, hs.ctl.planned
		hs.ctl.mu.Unlock()
		var want cliPlan
		for _, a := range acts {
			if a.Kind == ActFence {
				if want.Actions == nil {
					want = cli.plan(t, planned, at)
				}
				checkStep(t, want, a, done)
				compared++
			}
			rec.take()
			o := hs.ctl.Do(context.Background(), a)
			if a.Kind == ActFence {
				checkCalls(t, a, rec.take())
				if o.Request.State == fencer.StateDone {
					done[a.Target+":"+string(a.Action)] = true
				}
			}
			hs.pending = append(hs.pending, o)
		}
	}
	return compared
}

// daemonNode picks the node the daemon runs on: the DC, else the first
// node; and lists every node name (what the recorder's list prints).
func daemonNode(m *cib.Model) (string, string) {
	var names []string
	node := ""
	for _, n := range m.Nodes {
		names = append(names, n.Uname)
		if node == "" || n.ID == m.DCUUID {
			node = n.Uname
		}
	}
	return node, strings.Join(names, "\n")
}

// checkStep compares the step the daemon hands the fencer with the one
// the plan command prints, and the order with the plan's edges.
func checkStep(t *testing.T, want cliPlan, a Action, done map[string]bool) {
	t.Helper()
	key := a.Target + ":" + string(a.Action)
	for _, w := range want.Actions {
		if w.Target != a.Target || w.Action != a.Action || w.Pseudo {
			continue
		}
		got, _ := json.Marshal(a.Step)
		var norm pengine.Step
		if err := json.Unmarshal(w.Step, &norm); err != nil {
			t.Fatalf("%s: the plan's step: %v", key, err)
		}
		wantJSON, _ := json.Marshal(norm)
		if !bytes.Equal(got, wantJSON) {
			t.Errorf("%s: the daemon carries out\n%s\nthe plan prints\n%s", key, got, wantJSON)
		}
		for _, before := range w.After {
			if !done[before] && slices.ContainsFunc(want.Actions, func(x cliAction) bool {
				return x.Target+":"+string(x.Action) == before && !x.Pseudo
			}) {
				t.Errorf("%s started before %s, which the plan orders first", key, before)
			}
		}
		return
	}
	t.Errorf("the daemon fences %s, which the plan does not", key)
}

// checkCalls checks that every agent call a request made is one its step
// gives.
func checkCalls(t *testing.T, a Action, calls []string) {
	t.Helper()
	allowed := map[string]bool{}
	for _, l := range a.Step.Levels {
		for _, op := range l.Ops {
			allowed[callKey(op.Agent, op.Call)] = true
			mon := op.Monitor
			allowed[callKey(op.Agent, mon)] = true
			if op.Check.List != nil {
				allowed[callKey(op.Agent, *op.Check.List)] = true
			}
			if op.Check.Status != nil {
				allowed[callKey(op.Agent, *op.Check.Status)] = true
			}
		}
	}
	for _, c := range calls {
		if !allowed[c] {
			t.Errorf("%s %s: the fencer called %s, which the step does not give", a.Target, a.Action, c)
		}
	}
}
