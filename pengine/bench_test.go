package pengine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// BenchmarkSharedCases plans every shared conformance case in-process:
// "plan" from ready models, "parse+plan" from the XML bytes.
func BenchmarkSharedCases(b *testing.B) {
	inputs, _ := filepath.Glob(filepath.Join(peertest.Shared(b), "conformance", "scheduler", "cases", "*.xml"))
	var docs [][]byte
	var models []*cib.Model
	for _, in := range inputs {
		data, err := os.ReadFile(in)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		models = append(models, loadModel(b, in))
	}
	b.Run("plan", func(b *testing.B) {
		for b.Loop() {
			for _, m := range models {
				if _, err := Plan(m); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(models)), "ns/case")
	})
	b.Run("parse+plan", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				doc, err := cib.Parse(d)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Plan(doc.Model()); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/case")
	})
}

// syntheticCIB is a cluster of n nodes running a cloned resource and a
// fencing device, with every hundredth node lost.
func syntheticCIB(n int) []byte {
	var nodes, states strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&nodes, `<node id="%d" uname="node%d"/>`, i, i)
		inCCM := "true"
		if i%100 == 0 {
			inCCM = "false"
		}
		fmt.Fprintf(&states, `<node_state id="%d" uname="node%d" in_ccm="%s" crmd="online" join="member" expected="member">`+
			`<lrm id="%d"><lrm_resources><lrm_resource id="work:%d" class="ocf" provider="heartbeat" type="Dummy">`+
			`<lrm_rsc_op id="work_last_0" operation_key="work_start_0" operation="start" transition-key="1:1:0:x" call-id="5" rc-code="0" op-status="0" interval="0"/>`+
			`<lrm_rsc_op id="work_monitor_10000" operation_key="work_monitor_10000" operation="monitor" transition-key="2:1:0:x" call-id="6" rc-code="0" op-status="0" interval="10000"/>`+
			`</lrm_resource></lrm_resources></lrm></node_state>`, i, i, inCCM, i, i)
	}
	return fmt.Appendf(nil, `<cib have-quorum="1" dc-uuid="1"><configuration><crm_config><cluster_property_set id="o">`+
		`<nvpair id="o1" name="stonith-enabled" value="true"/></cluster_property_set></crm_config><nodes>%s</nodes>`+
		`<resources><primitive id="fencer" class="stonith" type="fence_dummy"/><clone id="work-clone">`+
		`<primitive id="work" class="ocf" provider="heartbeat" type="Dummy"><operations><op id="w-m" name="monitor" interval="10s"/></operations></primitive>`+
		`</clone></resources><constraints/></configuration><status>%s</status></cib>`, nodes.String(), states.String())
}

// BenchmarkSynthetic times clusters of 1,000 and 10,000 nodes: "plan"
// from a ready model, "parse+plan" the whole way from the XML bytes. The
// goal is 10,000 nodes in under a second, growing linearly.
func BenchmarkSynthetic(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := syntheticCIB(n)
		doc, err := cib.Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		m := doc.Model()
		b.Run(fmt.Sprintf("nodes=%d/plan", n), func(b *testing.B) {
			for b.Loop() {
				checkSynthetic(b, m, n)
			}
		})
		b.Run(fmt.Sprintf("nodes=%d/parse+plan", n), func(b *testing.B) {
			for b.Loop() {
				doc, err := cib.Parse(data)
				if err != nil {
					b.Fatal(err)
				}
				checkSynthetic(b, doc.Model(), n)
			}
		})
	}
}

func checkSynthetic(b *testing.B, m *cib.Model, n int) {
	p, err := Plan(m)
	if err != nil {
		b.Fatal(err)
	}
	if len(p.Actions) != n/100 {
		b.Fatalf("planned %d actions, want %d", len(p.Actions), n/100)
	}
}

// BenchmarkVsPacemaker runs the whole executioner process and Pacemaker's
// crm_simulate (through pacemaker-fences) on the same shared cases, one
// process per case, and reports how many times faster executioner is.
func BenchmarkVsPacemaker(b *testing.B) {
	peertest.Program(b, "crm_simulate")
	dir := filepath.Join(peertest.Shared(b), "conformance", "scheduler")
	inputs, _ := filepath.Glob(filepath.Join(dir, "cases", "*.xml"))
	var sample []string
	for i := 0; i < len(inputs); i += 10 {
		sample = append(sample, inputs[i])
	}
	bin := filepath.Join(b.TempDir(), "executioner")
	build := exec.Command("go", "build", "-o", bin, "./cmd/executioner")
	build.Dir = peertest.RepoRoot(b)
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	var ours, theirs time.Duration
	for b.Loop() {
		ours += timeRuns(b, sample, bin, "plan", "--format", "fences")
		theirs += timeRuns(b, sample, filepath.Join(dir, "pacemaker-fences"))
	}
	b.ReportMetric(float64(theirs)/float64(ours), "x-faster")
	b.ReportMetric(float64(ours.Microseconds())/float64(b.N*len(sample)), "us/case")
	b.ReportMetric(float64(theirs.Microseconds())/float64(b.N*len(sample)), "pacemaker-us/case")
}

func timeRuns(b *testing.B, inputs []string, prog string, args ...string) time.Duration {
	start := time.Now()
	for _, in := range inputs {
		cmd := exec.Command(prog, append(append([]string(nil), args...), in)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s %s: %v\n%s", prog, in, err, out)
		}
	}
	return time.Since(start)
}
