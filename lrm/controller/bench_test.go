package controller

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
)

// BenchmarkFenceRequest times one whole fencing request (the plan's step,
// the device check, the off and its confirmation, three fsynced history
// records) through the fencer with executioner's IPMI agent in-process,
// against the same request with fence-agents' fence_ipmilan as the
// device's agent (an external process, as Pacemaker's fencer runs it), on
// the same ipmi_sim with the same parameters; x-faster is fence_ipmilan's
// time over ours.
func BenchmarkFenceRequest(b *testing.B) {
	_, err := os.Stat("/usr/sbin/fence_ipmilan")
	peertest.Need(b, err == nil, "fence_ipmilan")
	s := startSim(b)
	dir := b.TempDir()
	theirs := fmt.Sprintf(`<primitive id="theirs" class="stonith" type="fence_ipmilan"><instance_attributes id="t-ia">
<nvpair id="t1" name="ip" value="127.0.0.1"/><nvpair id="t2" name="ipport" value="%s"/><nvpair id="t3" name="username" value="admin"/>
<nvpair id="t4" name="password" value="%s"/><nvpair id="t5" name="lanplus" value="1"/><nvpair id="t6" name="cipher" value="3"/>
<nvpair id="t7" name="power_wait" value="0"/><nvpair id="t8" name="pcmk_host_list" value="node3"/></instance_attributes></primitive>`, s.Port, s.Pass)
	// the same device and parameters, only the agent differs
	ours := strings.NewReplacer(`id="theirs"`, `id="ours"`, `type="fence_ipmilan"`, `type="fence_exec_ipmi"`).Replace(theirs)
	h, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	e := fencer.NewExecutor(&fencer.Agents{Dirs: []string{"/usr/sbin"}, Registry: all.Registry(), Hostname: "node1"}, nil)
	f := fencer.New(h, e, "node1")
	run := func(b *testing.B, device string, n int) time.Duration {
		m := modelOf(b, writeCIB(b, b.TempDir(), device, "", "", ""))
		infos, _ := e.Infos(context.Background(), m)
		start := time.Now()
		for range n {
			st, err := pengine.StepFor(pengine.Input{Model: m, Agents: infos}, "node3", cib.FenceOff)
			if err != nil {
				b.Fatal(err)
			}
			r, err := f.Fence(context.Background(), fencer.Request{Target: "node3", Action: cib.FenceOff}, st)
			if err != nil || r.State != fencer.StateDone {
				b.Fatalf("fence: %v %+v", err, r.Final)
			}
		}
		return time.Since(start)
	}
	b.ResetTimer()
	o := run(b, ours, b.N)
	b.StopTimer()
	t := run(b, theirs, b.N)
	b.ReportMetric(float64(t)/float64(o), "x-faster")
	b.ReportMetric(float64(o)/1e6/float64(b.N), "ms/op")
	b.ReportMetric(float64(t)/1e6/float64(b.N), "fence_ipmilan-ms/op")
}

func modelOf(b *testing.B, path string) *cib.Model {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := cib.Parse([]byte(strings.TrimSpace(string(data))))
	if err != nil {
		b.Fatal(err)
	}
	return doc.Model()
}
