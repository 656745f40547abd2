package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bougou/go-ipmi/pkg/hal/mock"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// mergeCIB has three healthy nodes; node5's device is fence_exec_ipmi
// against a BMC on 127.0.0.1 (port and password filled in). Its timeouts
// are long: the test holds the BMC's power-off while the clients come in.
const mergeCIB = `<cib epoch="7" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" have-quorum="1" dc-uuid="1">
<configuration><crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="true"/>
<nvpair id="o2" name="stonith-timeout" value="3600s"/></cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/><node id="4" uname="node4"/><node id="5" uname="node5"/></nodes>
<resources>
<primitive id="ipmi-node5" class="stonith" type="fence_exec_ipmi"><instance_attributes id="ipmi-node5-ia">
<nvpair id="i1" name="ip" value="127.0.0.1"/><nvpair id="i2" name="ipport" value="%s"/>
<nvpair id="i3" name="lanplus" value="1"/><nvpair id="i4" name="username" value="admin"/>
<nvpair id="i5" name="password" value="%s"/><nvpair id="i6" name="pcmk_host_list" value="node5"/>
<nvpair id="i7" name="login_timeout" value="60"/><nvpair id="i8" name="power_timeout" value="3600"/>
<nvpair id="i9" name="stonith_status_sleep" value="0.05"/><nvpair id="i10" name="power_wait" value="0"/>
<nvpair id="i11" name="pcmk_reboot_timeout" value="3600s"/></instance_attributes></primitive>
</resources><constraints/></configuration>
<status><node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="4" uname="node4" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="5" uname="node5" in_ccm="true" crmd="online" join="member" expected="member"/></status></cib>`

// heldPower is a BMC chassis's power hook (called with the chassis
// locked) that counts the power changes asked of it and holds the first
// power-off: the BMC acknowledges it but the chassis stays on until
// release, as a slow machine's would, so that the fencing request stays in
// flight.
type heldPower struct {
	chassis *mock.Chassis
	taken   chan struct{} // closed when the first power-off comes

	mu        sync.Mutex
	offs, ons int
	releasing bool
}

func (h *heldPower) hook(on bool) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.releasing:
		h.releasing = false
		h.chassis.On = on
	case on:
		h.ons++
		h.chassis.On = true
	default:
		h.offs++
		if h.offs == 1 {
			close(h.taken)
			return nil
		}
		h.chassis.On = false
	}
	return nil
}

// release carries out the held power-off.
func (h *heldPower) release() {
	h.mu.Lock()
	h.releasing = true
	h.mu.Unlock()
	_ = h.chassis.SetPower(context.Background(), false)
}

func (h *heldPower) counts() (offs, ons int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.offs, h.ons
}

// TestConcurrentFenceClientsMerge: 100 "executioner fence node5"
// processes at once, beside the daemon, while the first request's
// power-off is held at node5's BMC (go-ipmi's, over IPMI on loopback,
// driven by fence_exec_ipmi): the other 99 join that request, the BMC is
// asked to power off once and on once, the daemon writes the CIB once, and
// every client exits 0 with the same request, done; the history holds that
// one request.
func TestConcurrentFenceClientsMerge(t *testing.T) {
	const clients = 100
	pass, err := demoPassword()
	if err != nil {
		t.Fatal(err)
	}
	b, err := startDemoBMC("node5", "admin", pass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.close)
	power := &heldPower{chassis: b.chassis, taken: make(chan struct{})}
	// Set before anything talks to the BMC: its server reads the hook only
	// when a request comes in over UDP.
	b.chassis.SetPowerHook = power.hook
	bin := filepath.Join(t.TempDir(), "executioner")
	peertest.GoBuild(t, "./cmd/executioner", bin)

	dir := t.TempDir()
	path, sock, log := startTestDaemonOn(t, dir, fmt.Sprintf(mergeCIB, b.Port(), pass))
	log.waitFor(func(s string) bool { return strings.Contains(s, "plan: nothing to fence") })
	before := fileVersion(t, path)

	type result struct {
		code           int
		stdout, stderr string
	}
	results := make(chan result, clients)
	var finished atomic.Int32
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			defer log.wake()
			defer finished.Add(1)
			cmd := exec.Command(bin, "fence", "node5", "--socket", sock, "--output-as", "json")
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			code := 0
			if err != nil {
				code = -1
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				}
			}
			results <- result{code, out.String(), errOut.String()}
		})
	}
	// Every client but the first joins the request in flight; or a second
	// request was made (it would wait for the device behind the held one),
	// or a client ended early: the checks below report those.
	log.waitFor(func(s string) bool {
		return strings.Count(s, "joined request") == clients-1 || strings.Count(s, "node5 reboot: request ") > 1 ||
			finished.Load() > 0
	})
	// The leader's power-off may come to the BMC after the others joined.
	allDone := make(chan struct{})
	go func() { wg.Wait(); close(allDone) }()
	select {
	case <-power.taken:
	case <-allDone:
		t.Error("every client ended before the device was asked to power off")
	}
	power.release()
	if n := strings.Count(log.String(), "node5 reboot: request "); n != 1 {
		t.Errorf("%d fencing requests made for %d clients, want one", n, clients)
	}
	<-allDone
	close(results)

	var id string
	for r := range results {
		var req fencer.Request
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &req) != nil {
			t.Errorf("a client: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			continue
		}
		if id == "" {
			id = req.ID
		}
		if req.ID != id || req.State != fencer.StateDone || req.Target != "node5" || req.Action != cib.FenceReboot {
			t.Errorf("a client got request %s %s %s of %s, want %s reboot done of node5", req.ID, req.Action, req.State, req.Target, id)
		}
	}
	if offs, ons := power.counts(); offs != 1 || ons != 1 {
		t.Errorf("the BMC was asked to power off %d times and on %d times for %d clients, want once each", offs, ons, clients)
	}
	log.waitFor(func(s string) bool { return strings.Contains(s, "cib: node5") })
	after := fileVersion(t, path)
	if writes := strings.Count(log.String(), "cib: node5"); writes != 1 || after.NumUpdates != before.NumUpdates+1 || after.Epoch != before.Epoch {
		t.Errorf("%d CIB writes, version %s -> %s: want one write (num_updates + 1)", writes, before, after)
	}
	if !downInCIB(t, path, "node5") {
		t.Error("node5 not recorded fenced in the CIB")
	}
	out, _, code := runCLI(t, "", "history", "node5", "--output-as", "json", "--socket", sock)
	var rs []fencer.Request
	if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 1 || rs[0].ID != id {
		t.Errorf("history node5: exit %d, want the one request %s\n%s", code, id, out)
	}
}

// fileVersion reads the version of the CIB file at path.
func fileVersion(t *testing.T, path string) cib.Version {
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
