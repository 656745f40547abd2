package controller

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// gatedRunner runs the real agents, counting their fencing runs; each one
// waits for open to be closed before the agent runs, so that a test can
// hold a request in flight while its clients come in.
type gatedRunner struct {
	fencer.Runner
	open    chan struct{}
	started chan struct{} // gets a value as each fencing run starts
	mu      sync.Mutex
	runs    []string
}

func (g *gatedRunner) Run(ctx context.Context, agent, verb string, params map[string]string, timeout time.Duration) fencer.RunResult {
	if verb == "reboot" || verb == "off" || verb == "on" {
		g.mu.Lock()
		g.runs = append(g.runs, verb+" "+params["port"])
		g.mu.Unlock()
		g.started <- struct{}{}
		select {
		case <-g.open:
		case <-ctx.Done():
		}
	}
	return g.Runner.Run(ctx, agent, verb, params, timeout)
}

func (g *gatedRunner) fencingRuns() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.runs...)
}

// cibVersion reads the CIB file's version.
func cibVersion(t *testing.T, path string) cib.Version {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	v, err := doc.Version()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestConcurrentFenceRequestsMerge: 100 clients ask the daemon over its
// socket, at once, to reboot node2 (spelled NODE2 by half of them) while
// the first request is in flight: the device (fence_exec_dummy) runs once,
// the CIB is written once, and every client gets the same request, done;
// the history holds that one request, under the CIB's spelling.
func TestConcurrentFenceRequestsMerge(t *testing.T) {
	const clients = 100
	dir := t.TempDir()
	dev := `<primitive id="dummy" class="stonith" type="fence_exec_dummy"><instance_attributes id="d-ia">
<nvpair id="d1" name="mode" value="pass"/><nvpair id="d2" name="delay" value="0"/>
<nvpair id="d3" name="pcmk_host_list" value="node2"/></instance_attributes></primitive>`
	status := `<node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="true" crmd="online" join="member" expected="member"/>`
	path := writeCIB(t, dir, dev, "", "", status)
	before := cibVersion(t, path)
	g := &gatedRunner{Runner: &fencer.Agents{Registry: all.Registry(), Hostname: "node1"},
		open: make(chan struct{}), started: make(chan struct{}, clients)}
	d := startDaemon(t, path, g)
	d.await(func(ev []Event) bool { return countKind(ev, EventPlan) > 0 })

	replies := make(chan *APIReply, clients)
	var wg sync.WaitGroup
	for i := range clients {
		target := "node2"
		if i%2 == 1 {
			target = "NODE2"
		}
		wg.Go(func() {
			rep, err := Call(context.Background(), d.socket, APIRequest{Op: OpFence, Target: target, Action: cib.FenceReboot})
			if err != nil {
				t.Errorf("client %d: %v", i, err)
			}
			replies <- rep
		})
	}
	<-g.started // the first request runs the device and waits
	d.await(func(ev []Event) bool { return countKind(ev, EventMerged) == clients-1 })
	close(g.open)
	wg.Wait()
	close(replies)
	d.await(func(ev []Event) bool { return countKind(ev, EventCIB) > 0 })
	d.stop()

	var id string
	for rep := range replies {
		if rep == nil || rep.Request == nil {
			t.Fatal("a client got no request back")
		}
		r := rep.Request
		if id == "" {
			id = r.ID
		}
		if r.ID != id || r.State != fencer.StateDone || r.Target != "node2" {
			t.Errorf("client got request %s %s of %q, want %s done of node2", r.ID, r.State, r.Target, id)
		}
	}
	if runs := g.fencingRuns(); len(runs) != 1 {
		t.Errorf("device ran %d times for %d merged requests: %v", len(runs), clients, runs)
	}
	if h := d.hist.Last(0); len(h) != 1 || len(d.hist.ByTarget("node2")) != 1 {
		t.Errorf("history holds %d requests (%d of node2), want the one", len(h), len(d.hist.ByTarget("node2")))
	}
	d.mu.Lock()
	writes := countKind(d.events, EventCIB)
	d.mu.Unlock()
	after := cibVersion(t, path)
	if writes != 1 || after.NumUpdates != before.NumUpdates+1 || after.Epoch != before.Epoch {
		t.Errorf("%d CIB writes, version %s -> %s: want one write (num_updates + 1)", writes, before, after)
	}
	if !fencedInCIB(t, path, "node2") {
		t.Error("node2 not recorded fenced in the CIB")
	}
}
