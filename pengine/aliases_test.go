package pengine

import (
	"path/filepath"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

func caseModel(t *testing.T, name string) *cib.Model {
	return loadModel(t, filepath.Join("testdata", "cases", name+".xml"))
}

func findResource(m *cib.Model, id string) *cib.Resource {
	var found *cib.Resource
	for _, r := range m.Resources {
		r.Walk(func(c, _ *cib.Resource) {
			if c.ID == id {
				found = c
			}
		})
	}
	return found
}

// TestFailstopTypeAlias: failstop_type on a resource gives the plan that
// the equivalent stop on-fail gives (whose answers came from Pacemaker).
func TestFailstopTypeAlias(t *testing.T) {
	for _, c := range []struct{ value, equivalent string }{
		{"block", "failed-stop-block"},
		{"ignore", "failed-stop-ignore"},
		{"stonith", "failed-stop-default"},
	} {
		m := caseModel(t, "failed-stop-default")
		findResource(m, "dummy").Meta["failstop_type"] = c.value
		got := mustPlan(t, m).Fences()
		want := mustPlan(t, caseModel(t, c.equivalent)).Fences()
		if !sameLines(got, want) {
			t.Errorf("failstop_type=%s: got %q, want %q as with %s", c.value, got, want, c.equivalent)
		}
	}
}

// TestFailstopTypeYieldsToOnFail: an explicit on-fail on the stop wins.
func TestFailstopTypeYieldsToOnFail(t *testing.T) {
	m := caseModel(t, "failed-stop-block")
	findResource(m, "dummy").Meta["failstop_type"] = "stonith"
	got := mustPlan(t, m).Fences()
	want := mustPlan(t, caseModel(t, "failed-stop-block")).Fences()
	if !sameLines(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestNodeFencingAlias: node_fencing=no is requires=quorum, so a resource
// carrying it instead of requires=unfencing no longer calls for unfencing.
func TestNodeFencingAlias(t *testing.T) {
	plain := mustPlan(t, caseModel(t, "unfencing-requires-meta")).Fences()
	m := caseModel(t, "unfencing-requires-meta")
	r := findResource(m, "dummy")
	delete(r.Meta, "requires")
	r.Meta["node_fencing"] = "no"
	if got := mustPlan(t, m).Fences(); len(got) != 0 {
		t.Errorf("node_fencing=no: want nothing unfenced, got %q (with requires=unfencing: %q)", got, plain)
	}
}

// TestAlwaysStonithFailedNodes: the property turns fencing on and fences
// unclean nodes even when nothing is managed.
func TestAlwaysStonithFailedNodes(t *testing.T) {
	m := caseModel(t, "fencing-disabled")
	m.Properties["always_stonith_failed_nodes"] = "true"
	got := mustPlan(t, m).Fences()
	want := mustPlan(t, caseModel(t, "lost-node")).Fences()
	if !sameLines(got, want) {
		t.Errorf("got %q, want %q as with fencing enabled", got, want)
	}
	m = caseModel(t, "nothing-managed")
	m.Properties["always_stonith_failed_nodes"] = "true"
	if got := mustPlan(t, m).Fences(); !sameLines(got, want) {
		t.Errorf("nothing managed: got %q, want %q", got, want)
	}
}

// TestFencingAliases: the 3.x option names work like the 2.x ones.
func TestFencingAliases(t *testing.T) {
	m := caseModel(t, "lost-node")
	m.Properties["fencing-enabled"] = "false"
	delete(m.Properties, "stonith-enabled")
	if got := mustPlan(t, m).Fences(); len(got) != 0 {
		t.Errorf("fencing-enabled=false: got %q", got)
	}
	m = caseModel(t, "lost-node")
	m.Properties["fencing-action"] = "off"
	want := mustPlan(t, caseModel(t, "stonith-action-off")).Fences()
	if got := mustPlan(t, m).Fences(); !sameLines(got, want) {
		t.Errorf("fencing-action=off: got %q, want %q", got, want)
	}
}
