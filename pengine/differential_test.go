package pengine

import (
	"encoding/xml"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestDifferential perturbs shared conformance cases at random (a node
// lost or its controller down, an operation result changed, a node's
// status dropped, quorum or fencing options changed) and compares Plan
// with Pacemaker's scheduler on each mutant. It is slow (one crm_simulate
// run per mutant), so it runs only when PENGINE_DIFFERENTIAL gives the
// number of mutants; PENGINE_SEED picks the random sequence and
// PENGINE_DIFFERENTIAL_KEEP names a directory to keep mismatching mutants.
func TestDifferential(t *testing.T) {
	count, _ := strconv.Atoi(os.Getenv("PENGINE_DIFFERENTIAL"))
	if count <= 0 {
		t.Skip("set PENGINE_DIFFERENTIAL=N to compare N random mutants with Pacemaker")
	}
	peertest.Program(t, "crm_simulate")
	dir := filepath.Join(peertest.Shared(t), "conformance", "scheduler")
	inputs, _ := filepath.Glob(filepath.Join(dir, "cases", "*.xml"))
	sort.Strings(inputs)
	seed, _ := strconv.ParseInt(os.Getenv("PENGINE_SEED"), 10, 64)
	rng := rand.New(rand.NewSource(seed))
	tmp := t.TempDir()
	for i := 0; i < count; i++ {
		in := inputs[rng.Intn(len(inputs))]
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := parseTree(data)
		if err != nil {
			t.Fatal(err)
		}
		var what []string
		for n := 1 + rng.Intn(3); n > 0; n-- {
			what = append(what, mutate(rng, tree))
		}
		path := filepath.Join(tmp, strconv.Itoa(i)+".xml")
		if err := os.WriteFile(path, tree.bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(filepath.Join(dir, "pacemaker-fences"), path).Output()
		if err != nil {
			continue // Pacemaker rejects some mutants
		}
		want := canonLines(string(out))
		p, err := Plan(parseModel(t, tree.bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Fences(); !sameLines(got, want) {
			t.Errorf("%s mutated %v:\nwant %q\ngot  %q", filepath.Base(in), what, want, got)
			if keep := os.Getenv("PENGINE_DIFFERENTIAL_KEEP"); keep != "" {
				_ = os.WriteFile(filepath.Join(keep, strconv.Itoa(i)+"-"+filepath.Base(in)), tree.bytes(), 0o600)
			}
		}
	}
}

// elements collects the elements named tag under n.
func (n *xnode) elements(tag string, out []*xnode) []*xnode {
	for _, c := range n.children {
		if x, ok := c.(*xnode); ok {
			if x.start.Name.Local == tag {
				out = append(out, x)
			}
			out = x.elements(tag, out)
		}
	}
	return out
}

func (n *xnode) set(name, value string) {
	for i, a := range n.start.Attr {
		if a.Name.Local == name {
			n.start.Attr[i].Value = value
			return
		}
	}
	n.start.Attr = append(n.start.Attr, xml.Attr{Name: xml.Name{Local: name}, Value: value})
}

func pick(rng *rand.Rand, s []string) string { return s[rng.Intn(len(s))] }

// mutate applies one random change to a CIB tree and says which.
func mutate(rng *rand.Rand, root *xnode) string {
	states := root.elements("node_state", nil)
	ops := root.elements("lrm_rsc_op", nil)
	kind := pick(rng, []string{"lost", "crmd", "rc", "rc", "quorum", "nqp", "concurrent", "monfail"})
	switch {
	case kind == "lost" && len(states) > 0:
		s := states[rng.Intn(len(states))]
		s.set("in_ccm", "false")
		s.set("crmd", "offline")
		s.set("join", "down")
		s.set("expected", "member")
	case kind == "crmd" && len(states) > 0:
		states[rng.Intn(len(states))].set("crmd", "offline")
	case kind == "rc" && len(ops) > 0:
		o := ops[rng.Intn(len(ops))]
		o.set("rc-code", pick(rng, []string{"0", "1", "7", "8", "5"}))
		o.set("op-status", pick(rng, []string{"0", "0", "4"}))
	case kind == "monfail" && len(ops) > 0:
		o := ops[rng.Intn(len(ops))]
		o.set("rc-code", "1")
		o.set("op-status", "0")
	case kind == "quorum":
		if cibs := root.elements("cib", nil); len(cibs) > 0 {
			cibs[0].set("have-quorum", pick(rng, []string{"0", "1"}))
		}
	case kind == "nqp" || kind == "concurrent":
		name, values := "no-quorum-policy", []string{"stop", "ignore", "freeze", "suicide"}
		if kind == "concurrent" {
			name, values = "concurrent-fencing", []string{"true", "false"}
		}
		if sets := root.elements("cluster_property_set", nil); len(sets) > 0 {
			nv := &xnode{start: xml.StartElement{Name: xml.Name{Local: "nvpair"}}}
			nv.set("id", "mutant-"+name)
			nv.set("name", name)
			nv.set("value", pick(rng, values))
			sets[0].children = append([]any{nv}, sets[0].children...)
		}
	}
	return kind
}
