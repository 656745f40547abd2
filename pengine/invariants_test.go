package pengine

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// allInputs lists the package's own CIBs and, when present, the shared
// conformance cases.
func allInputs(t *testing.T) []string {
	in := ownCases(t)
	dir := filepath.Join(filepath.Dir(peertest.RepoRoot(t)), "shared")
	if env := os.Getenv("SHARED"); env != "" {
		dir = env
	}
	shared, _ := filepath.Glob(filepath.Join(dir, "conformance", "scheduler", "cases", "*.xml"))
	return append(in, shared...)
}

func mustPlan(t *testing.T, m *cib.Model) *Result {
	t.Helper()
	p, err := Plan(m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestShuffleInvariant: the order of nodes, resources, constraints, status
// entries and resource histories in the XML changes nothing.
func TestShuffleInvariant(t *testing.T) {
	tags := map[string]bool{"nodes": true, "resources": true, "constraints": true, "status": true,
		"lrm_resources": true, "tickets": true, "fencing-topology": true}
	rng := rand.New(rand.NewSource(1))
	for _, in := range allInputs(t) {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		want := mustPlan(t, parseModel(t, data)).Fences()
		for round := 0; round < 3; round++ {
			tree, err := parseTree(data)
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			tree.shuffleChildren(rng, tags)
			if got := mustPlan(t, parseModel(t, tree.bytes())).Fences(); !sameLines(got, want) {
				t.Errorf("%s: shuffled XML changes the plan:\nwant %q\ngot  %q", filepath.Base(in), want, got)
				break
			}
		}
	}
}

func parseModel(t *testing.T, data []byte) *cib.Model {
	t.Helper()
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model()
}

// TestFencingDisabledInvariant: with fencing disabled no node is fenced by
// a device (guest nodes are still recovered through their containers).
func TestFencingDisabledInvariant(t *testing.T) {
	for _, in := range allInputs(t) {
		m := loadModel(t, in)
		delete(m.Properties, "fencing-enabled")
		delete(m.Properties, "always_stonith_failed_nodes")
		m.Properties["stonith-enabled"] = "false"
		for _, a := range mustPlan(t, m).Actions {
			if !a.Pseudo {
				t.Errorf("%s: fencing disabled, yet %s %s is planned", filepath.Base(in), a.Action, a.Target)
			}
		}
	}
}

// TestPlanShapeInvariants: at most one real action per target (and one
// pseudo action), every edge joins planned actions, the DC comes after
// every other real fencing, and Plan is deterministic.
func TestPlanShapeInvariants(t *testing.T) {
	for _, in := range allInputs(t) {
		name := filepath.Base(in)
		m := loadModel(t, in)
		p := mustPlan(t, m)
		if again := mustPlan(t, loadModel(t, in)); strings.Join(again.Fences(), "\n") != strings.Join(p.Fences(), "\n") {
			t.Errorf("%s: two runs differ", name)
		}
		if err := oneActionPerTarget(p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		keys := map[string]bool{}
		for _, a := range p.Actions {
			keys[a.Key()] = true
		}
		for _, e := range p.Edges {
			if !keys[e.First] || !keys[e.Then] {
				t.Errorf("%s: edge %s -> %s joins unplanned actions", name, e.First, e.Then)
			}
		}
		checkDCLast(t, name, p)
	}
}

// oneActionPerTarget checks that a plan has one real action a target; a
// guest being recovered may also get a pseudo action (Pacemaker unfences a
// guest it recovers through its container).
func oneActionPerTarget(p *Result) error {
	seen := map[string]bool{}
	for _, a := range p.Actions {
		key := a.Target
		if a.Pseudo {
			key += " (pseudo)"
		}
		if seen[key] {
			return fmt.Errorf("more than one action for %s", key)
		}
		seen[key] = true
	}
	return nil
}

func checkDCLast(t *testing.T, name string, p *Result) {
	var dc *Action
	for i := range p.Actions {
		if a := &p.Actions[i]; a.DC && !a.Pseudo && a.Action != cib.FenceOn {
			dc = a
		}
	}
	if dc == nil {
		return
	}
	for _, e := range p.Edges {
		if e.First == dc.Key() {
			t.Errorf("%s: the DC's fencing %s comes before %s", name, dc.Key(), e.Then)
		}
	}
	for _, a := range p.Actions {
		if a.Pseudo || a.Action == cib.FenceOn || a.Key() == dc.Key() {
			continue
		}
		if !reaches(p, a.Key(), dc.Key()) {
			t.Errorf("%s: %s is not ordered before the DC's %s", name, a.Key(), dc.Key())
		}
	}
}

func reaches(p *Result, from, to string) bool {
	seen := map[string]bool{}
	queue := []string{from}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		if k == to {
			return true
		}
		for _, e := range p.Edges {
			if e.First == k && !seen[e.Then] {
				seen[e.Then] = true
				queue = append(queue, e.Then)
			}
		}
	}
	return false
}
