package pengine

import (
	"os"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// FuzzPlan feeds arbitrary documents to Plan: whatever parses as a CIB
// must plan without error (Plan only fails on an internal panic), and the
// plan must keep its shape.
func FuzzPlan(f *testing.F) {
	for _, in := range ownCases(f) {
		data, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<cib have-quorum="0" dc-uuid="x"><configuration><nodes><node id="x" uname="x"/></nodes></configuration><status><node_state id="x" uname="x"/></status></cib>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := cib.Parse(data)
		if err != nil {
			return
		}
		p, err := Plan(doc.Model())
		if err != nil {
			t.Fatalf("plan: %v", err)
		}
		// One real action a target; a guest being reset may also get a
		// pseudo action (Pacemaker unfences a guest it recovers).
		targets := map[string]bool{}
		for _, a := range p.Actions {
			key := a.Target
			if a.Pseudo {
				key += " pseudo"
			}
			if targets[key] {
				t.Fatalf("two actions for %q", key)
			}
			targets[key] = true
		}
		_ = p.Fences()
		_ = p.Ordered()
	})
}
