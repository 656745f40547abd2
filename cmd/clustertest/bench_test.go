package clustertest

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// benchRuns is how many partitions each agent gets: half of them cut the
// DC, so Pacemaker elects a new one first.
const benchRuns = 4

// fenceTimes are the means, in seconds after the cut, of the rig's
// partition timeline (its RESULT lines): membership is corosync's new
// membership, request the fence request, agent the device's result and
// fenced Pacemaker's "Operation 'reboot' targeting NODE ...: OK".
type fenceTimes struct {
	membership, request, agent, fenced float64
	runs                               int
}

// parseBench reads the RESULT lines of the rig's bench script.
func parseBench(out string) (fenceTimes, error) {
	var sum fenceTimes
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "RESULT ") {
			continue
		}
		kv := map[string]float64{}
		for _, f := range strings.Fields(line)[1:] {
			if k, v, ok := strings.Cut(f, "="); ok {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					kv[k] = x
				}
			}
		}
		for _, k := range []string{"membership", "request", "agent_done", "confirmed"} {
			if _, ok := kv[k]; !ok {
				return sum, fmt.Errorf("no %s in %q", k, line)
			}
		}
		sum.membership += kv["membership"]
		sum.request += kv["request"]
		sum.agent += kv["agent_done"]
		sum.fenced += kv["confirmed"]
		sum.runs++
	}
	if sum.runs == 0 {
		return sum, fmt.Errorf("no RESULT line in:\n%s", out)
	}
	n := float64(sum.runs)
	return fenceTimes{sum.membership / n, sum.request / n, sum.agent / n, sum.fenced / n, sum.runs}, nil
}

// benchAgents are compared: ours first, fence-agents' second.
var benchAgents = []struct{ agent, prefix string }{{"fence_exec_ipmi", "exec"}, {"fence_ipmilan", "ipmilan"}}

var benchOnce struct {
	sync.Once
	times [2]string // the RESULT lines of each agent
}

// useAgent makes every node's only fencing level the device prefix-NODE.
func (c *cluster) useAgent(prefix string) {
	c.t.Helper()
	var topo strings.Builder
	topo.WriteString("<fencing-topology>")
	for _, n := range c.Nodes {
		fmt.Fprintf(&topo, `<fencing-level id="fl-%[1]s" target="%[1]s" index="1" devices="%[2]s-%[1]s"/>`, n, prefix)
	}
	topo.WriteString("</fencing-topology>")
	c.MustExec(c.t, c.Nodes[0], "cibadmin", "--replace", "--scope", "fencing-topology", "--xml-text", topo.String())
}

// benchCluster partitions a node benchRuns times with each agent, on one
// cluster where both agents' devices are configured and running all the
// while: a fencing topology of one level picks the agent, the runs
// alternate between the agents, and every other run cuts the DC. The
// rig's partition script times each run.
func benchCluster(b *testing.B) {
	c := newCluster(b, 3)
	var conf strings.Builder
	conf.WriteString(enableFencing)
	for _, a := range benchAgents {
		conf.WriteString(c.fencingConf(a.agent, a.prefix))
	}
	conf.WriteString("fencing_topology")
	for _, n := range c.Nodes { // useAgent replaces it
		fmt.Fprintf(&conf, " %s: %s-%s", n, benchAgents[0].prefix, n)
	}
	conf.WriteString("\n")
	c.MustExec(b, c.Nodes[0], "crm", "configure", "load", "update", writeTemp(b, "bench.crm", conf.String()))
	for r := 0; r < benchRuns; r++ {
		for i, a := range benchAgents {
			c.useAgent(a.prefix)
			c.waitSettled(len(c.Nodes) * len(benchAgents))
			target := c.notDC()
			if r%2 == 1 {
				target = c.dc(c.Nodes[0])
			}
			out := c.Script(b, "partition", target)
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "RESULT ") {
					benchOnce.times[i] += l + "\n"
				}
			}
			c.Script(b, "heal", target)
		}
	}
}

// BenchmarkFenceTime is the time from cutting a node off to Pacemaker's
// "fenced" with fence_exec_ipmi and with fence-agents' fence_ipmilan, on
// one 3-node cluster in one run, benchRuns partitions each (benchCluster).
// ns/op is ours; ratio is ours over fence_ipmilan's, agent-ratio the same
// for the agent's own time. Where the time goes, in seconds, each also for
// fence_ipmilan: membership-s from the cut to corosync's new membership,
// request-s from there to Pacemaker's fence request, agent-s from there to
// the device's result, fenced-s the whole. The cluster runs once whatever
// b.N is.
func BenchmarkFenceTime(b *testing.B) {
	benchOnce.Do(func() { benchCluster(b) })
	ours, err := parseBench(benchOnce.times[0])
	if err != nil {
		b.Fatal(err)
	}
	theirs, err := parseBench(benchOnce.times[1])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(ours.fenced*1e9, "ns/op")
	b.ReportMetric(ours.fenced/theirs.fenced, "ratio")
	b.ReportMetric((ours.agent-ours.request)/(theirs.agent-theirs.request), "agent-ratio")
	for _, m := range []struct {
		unit  string
		phase func(fenceTimes) float64
	}{
		{"membership-s", func(f fenceTimes) float64 { return f.membership }},
		{"request-s", func(f fenceTimes) float64 { return f.request - f.membership }},
		{"agent-s", func(f fenceTimes) float64 { return f.agent - f.request }},
		{"fenced-s", func(f fenceTimes) float64 { return f.fenced }},
	} {
		b.ReportMetric(m.phase(ours), m.unit)
		b.ReportMetric(m.phase(theirs), "ipmilan-"+m.unit)
	}
}
