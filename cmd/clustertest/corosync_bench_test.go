package clustertest

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// benchPoll is how often the daemon benchmark reads the survivors'
// histories: the resolution of its figure.
const benchPoll = 50 * time.Millisecond

var daemonOnce struct {
	sync.Once
	secs []float64 // cut to fenced on every survivor, per run
}

// daemonBench cuts a node off benchRuns times on a 3-node cluster of
// executioner's daemon on corosync, every other run the coordinator, and
// returns the seconds from each cut until every survivor's history shows
// the target fenced.
func daemonBench(b *testing.B) []float64 {
	c := newDaemonCluster(b, 3, func(string) string { return daemonConfig(3, 1) })
	var secs []float64
	for r := 0; r < benchRuns; r++ {
		c.waitMembers(c.Nodes...)
		target := "node3"
		if r%2 == 1 {
			s, _ := c.daemonStatus("node2")
			target = fmt.Sprintf("node%d", s.Cluster.Coordinator)
		}
		var survivors []string
		before := map[string]int{}
		for _, n := range c.Nodes {
			if n != target {
				survivors = append(survivors, n)
				rs, _ := c.daemonHistory(n)
				before[n] = len(doneFor(rs, target))
			}
		}
		tick := time.NewTicker(benchPoll)
		cut := time.Now()
		c.Script(b, "cut", target)
		last := 0.0
		for _, n := range survivors {
			for {
				rs, _ := c.daemonHistory(n)
				if len(doneFor(rs, target)) > before[n] {
					break
				}
				if time.Since(cut) > fenceLimit {
					b.Fatalf("%s: %s not fenced %v after the cut", n, target, fenceLimit)
				}
				<-tick.C
			}
			last = max(last, time.Since(cut).Seconds())
		}
		tick.Stop()
		secs = append(secs, last)
		c.Script(b, "heal", target)
	}
	return secs
}

// BenchmarkDaemonFenceTime is the time from cutting a node off to "fenced"
// in the history of every survivor with executioner's daemon alone on
// corosync and fence_exec_ipmi (daemonBench, benchRuns cuts, every other
// one the coordinator's), next to Pacemaker's on the same rig in the same
// run: ratio is ours over BenchmarkFenceTime's fenced-s with
// fence_exec_ipmi. The clusters run once whatever b.N is.
func BenchmarkDaemonFenceTime(b *testing.B) {
	daemonOnce.Do(func() { daemonOnce.secs = daemonBench(b) })
	if len(daemonOnce.secs) == 0 {
		b.Fatal("no daemon runs")
	}
	mean := 0.0
	for _, s := range daemonOnce.secs {
		mean += s
	}
	mean /= float64(len(daemonOnce.secs))
	benchOnce.Do(func() { benchCluster(b) })
	pcmk, err := parseBench(benchOnce.times[0])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(mean*1e9, "ns/op")
	b.ReportMetric(mean/pcmk.fenced, "ratio")
	b.ReportMetric(pcmk.fenced, "pacemaker-fenced-s")
}
