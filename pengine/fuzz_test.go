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
		if err := oneActionPerTarget(p); err != nil {
			t.Fatal(err)
		}
		_ = p.Fences()
		_ = p.Ordered()
	})
}
