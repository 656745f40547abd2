package controller

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/all"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// startSim starts a simulated BMC (powered on) on a free port.
func startSim(t testing.TB) *peertest.IPMISim {
	t.Helper()
	return peertest.StartIPMISim(t, "admin", "pw-"+strconv.Itoa(os.Getpid()))
}

// powerEvents returns the power changes s logged ("0" off, "1" on) without
// repeats: an IPMI request the client sent again (its answer came late on a
// loaded machine) is carried out, and logged, twice.
func powerEvents(t testing.TB, s *peertest.IPMISim) []string {
	return slices.Compact(s.Events(t))
}

// ipmiDevice is a stonith primitive using the IPMI agent on s.
func ipmiDevice(id string, s *peertest.IPMISim, hosts string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<primitive id="%s" class="stonith" type="fence_exec_ipmi"><instance_attributes id="%s-ia">`, id, id)
	kv := append([]string{"ip", "127.0.0.1", "ipport", s.Port, "username", "admin", "password", s.Pass, "lanplus", "1",
		"cipher", "3", "power_wait", "0", "stonith_status_sleep", "0.1", "login_timeout", "5", "ipmitool_timeout", "3",
		"pcmk_host_list", hosts}, extra...)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, `<nvpair id="%s-%d" name="%s" value="%s"/>`, id, i, kv[i], kv[i+1])
	}
	b.WriteString(`</instance_attributes></primitive>`)
	return b.String()
}

// writeCIB writes a three-node CIB, node3 lost unless status is given,
// with the resources, levels and properties given as XML.
func writeCIB(t testing.TB, dir, resources, levels, props, status string) string {
	t.Helper()
	if status == "" {
		status = `<node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="member"/>`
	}
	x := fmt.Sprintf(`<cib epoch="5" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" crm_feature_set="3.16.1" have-quorum="1" dc-uuid="1">
<configuration><crm_config><cluster_property_set id="opts"><nvpair id="opt-se" name="stonith-enabled" value="true"/>%s</cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
<resources>%s</resources><constraints/><fencing-topology>%s</fencing-topology></configuration>
<status>%s</status></cib>`, props, resources, levels, status)
	path := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(path, []byte(x), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// daemon is a controller running in the test with its API socket.
type daemon struct {
	ctl    *Controller
	hist   *fencer.History
	socket string
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	events []Event
}

// startDaemon runs a controller as node1 on path, with the in-process
// agents.
func startDaemon(t testing.TB, path string, retry time.Duration) *daemon {
	t.Helper()
	return startDaemonWith(t, path, retry, &fencer.Agents{Registry: all.Registry(), Hostname: "node1"})
}

// startDaemonWith runs a controller as node1 on path with runner.
func startDaemonWith(t testing.TB, path string, retry time.Duration, runner fencer.Runner) *daemon {
	t.Helper()
	dir := filepath.Dir(path)
	h, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	d := &daemon{hist: h, socket: filepath.Join(dir, "api.sock"), done: make(chan error, 2)}
	d.ctl, err = New(Config{CIB: path, Node: "node1", History: h, Poll: 20 * time.Millisecond,
		Runner:    runner,
		RetryBase: retry, RetryMax: retry, OnEvent: func(e Event) { d.mu.Lock(); d.events = append(d.events, e); d.mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go func() { d.done <- d.ctl.Run(ctx) }()
	go func() { d.done <- d.ctl.Serve(ctx, d.socket) }()
	t.Cleanup(d.stop)
	waitFor(t, 5*time.Second, "the API socket", func() bool { _, err := os.Stat(d.socket); return err == nil })
	return d
}

// stop ends the daemon and closes its history (idempotent).
func (d *daemon) stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	<-d.done
	d.cancel = nil
	d.hist.Close()
}

func (d *daemon) eventsOf(kind EventKind) []Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Event
	for _, e := range d.events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// nodeState reads target's node_state from the CIB file.
func nodeState(t testing.TB, path, target string) cib.NodeState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cib.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range doc.Model().NodeStates {
		if ns.Uname == target {
			return ns
		}
	}
	return cib.NodeState{}
}

// fencedInCIB reports whether the CIB says target was fenced.
func fencedInCIB(t testing.TB, path, target string) bool {
	ns := nodeState(t, path, target)
	return ns.InCCM != nil && *ns.InCCM == "false" && ns.Crmd == "offline" && ns.Join == "down" && ns.Expected == "down"
}
