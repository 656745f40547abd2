package controller

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

const twoLevels = `<fencing-level id="fl1" target="node3" index="1" devices="ipmi-node3"/>
<fencing-level id="fl2" target="node3" index="2" devices="pdu"/>`

func attemptList(r fencer.Request) []string {
	var out []string
	for _, a := range r.Attempts {
		out = append(out, fmt.Sprintf("%d %s %s %s", a.Level, a.Device, a.Action, a.Outcome))
	}
	return out
}

// TestLostNodeLevel1 fences a lost node through level 1 over ipmi_sim:
// the simulator logs off then on, the CIB records the node down with its
// resource history erased, level 2's BMC is untouched, and the history
// survives the daemon's restart.
func TestLostNodeLevel1(t *testing.T) {
	bmc3, pdu := startSim(t), startSim(t)
	dir := t.TempDir()
	path := writeCIB(t, dir, ipmiDevice("ipmi-node3", bmc3, "node3")+ipmiDevice("pdu", pdu, "node1 node2 node3"), twoLevels, "",
		`<node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="member"><lrm id="3"><lrm_resources><lrm_resource id="web" class="ocf" provider="heartbeat" type="Dummy"/></lrm_resources></lrm><transient_attributes id="3"/></node_state>`)
	hs := newHarness(t, path, "node1", nil, time.Second)
	hs.settle()
	r := hs.lastDone("node3")
	if got := attemptList(r); !slices.Equal(got, []string{"1 ipmi-node3 reboot success"}) {
		t.Fatalf("attempts %q", got)
	}
	if ev := powerEvents(t, bmc3); !slices.Equal(ev, []string{"0", "1"}) {
		t.Fatalf("node3's BMC logged %q, want off then on", ev)
	}
	if ev := powerEvents(t, pdu); len(ev) != 0 {
		t.Fatalf("level 2's BMC was used: %q", ev)
	}
	if n := len(hs.hist.Last(0)); n != 1 {
		t.Fatalf("%d requests in the history, want 1", n)
	}
	ns := nodeState(t, path, "node3")
	if len(ns.History) != 0 || len(ns.Attrs) != 0 {
		t.Fatalf("node3's resource history was not erased: %+v", ns)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "transient_attributes") || strings.Contains(string(data), "<lrm ") {
		t.Fatal("node3's resource history or transient attributes survived")
	}
	hs.hist.Close()
	h, err := fencer.Open(filepath.Join(dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	again, ok := h.LastDone("node3")
	if !ok || again.ID != r.ID || len(again.Attempts) != 1 {
		t.Fatalf("after a restart the history has %+v, want %+v", again, r)
	}
}

// TestLevel1DeadLevel2Fences: with node3's BMC dead, level 1 fails as
// device unreachable and level 2 fences.
func TestLevel1DeadLevel2Fences(t *testing.T) {
	bmc3, pdu := startSim(t), startSim(t)
	bmc3.Stop()
	dir := t.TempDir()
	path := writeCIB(t, dir, ipmiDevice("ipmi-node3", bmc3, "node3")+ipmiDevice("pdu", pdu, "node1 node2 node3"), twoLevels, "", "")
	hs := newHarness(t, path, "node1", nil, time.Second)
	hs.settle()
	r := hs.lastDone("node3")
	want := []string{"1 ipmi-node3 reboot unreachable", "2 pdu reboot success"}
	if got := attemptList(r); !slices.Equal(got, want) {
		t.Fatalf("attempts %q, want %q", got, want)
	}
	if r.Final.Delegate != "pdu" || r.Final.By != fencer.ByDevice {
		t.Fatalf("final %+v", r.Final)
	}
	if ev := powerEvents(t, pdu); !slices.Equal(ev, []string{"0", "1"}) {
		t.Fatalf("the pdu logged %q, want off then on", ev)
	}
}

// TestAllLevelsFailBlockedUntilConfirm: with every BMC dead the daemon
// retries until stonith-max-attempts, never records the node fenced, keeps
// it blocked, and a confirmation through the API ends it.
func TestAllLevelsFailBlockedUntilConfirm(t *testing.T) {
	bmc3, pdu := startSim(t), startSim(t)
	bmc3.Stop()
	pdu.Stop()
	dir := t.TempDir()
	path := writeCIB(t, dir, ipmiDevice("ipmi-node3", bmc3, "node3")+ipmiDevice("pdu", pdu, "node1 node2 node3"), twoLevels,
		`<nvpair id="opt-sma" name="stonith-max-attempts" value="3"/>`, "")
	hs := newHarness(t, path, "node1", nil, 100*time.Millisecond)
	hs.settle()
	if n, b := len(hs.eventsOf(EventRetry)), len(hs.eventsOf(EventBlocked)); n != 2 || b != 1 {
		t.Fatalf("%d retries, %d blocks; want 2 retries then blocked (stonith-max-attempts=3)", n, b)
	}
	hs.clock.Advance(time.Hour) // blocked: no further attempt, however long
	if acts := hs.settle(); len(acts) != 0 {
		t.Fatalf("a blocked target was acted on: %+v", acts)
	}
	rs := hs.hist.ByTarget("node3")
	if len(rs) != 3 {
		t.Fatalf("%d requests, want 3", len(rs))
	}
	for _, r := range rs {
		if r.State != fencer.StateFailed || len(r.Attempts) != 2 {
			t.Fatalf("request %s: %s with %q, want failed after one attempt per level", r.ID, r.State, attemptList(r))
		}
	}
	if fencedInCIB(t, path, "node3") {
		t.Fatal("the CIB says node3 was fenced though every level failed")
	}
	if st := hs.ctl.Status(); len(st.Targets) != 1 || st.Targets[0].State != "blocked" {
		t.Fatalf("status %+v: want node3 blocked", st)
	}
	r, err := hs.ctl.Confirm("node3", fencer.ByOperator)
	if err != nil || r.Final.By != fencer.ByOperator {
		t.Fatalf("confirm: %+v %v", r, err)
	}
	hs.settle()
	if !fencedInCIB(t, path, "node3") {
		t.Fatal("the confirmation was not recorded in the CIB")
	}
	if st := hs.ctl.Status(); len(st.Targets) != 0 {
		t.Fatalf("left to fence after the confirmation: %+v", st.Targets)
	}
	if rs := hs.hist.ByTarget("node3"); len(rs) != 4 {
		t.Fatalf("%d requests after the confirmation, want 3 failed and the confirmation", len(rs))
	}
}

// TestFailedStop: a stop that failed on node2 (recorded in the CIB's
// status) fences node2 when the stop's on-fail is fence, and not when it
// is block. Pacemaker's scheduler decides the same for both CIBs (see
// testdata/README).
func TestFailedStop(t *testing.T) {
	for _, onFail := range []string{"fence", "block"} {
		t.Run(onFail, func(t *testing.T) {
			bmc := startSim(t)
			data, err := os.ReadFile(filepath.Join("testdata", "failed-stop-"+onFail+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			x := strings.Replace(string(data), "<!--DEVICE-->", ipmiDevice("ipmi-node2", bmc, "node2"), 1)
			dir := t.TempDir()
			path := filepath.Join(dir, "cib.xml")
			if err := os.WriteFile(path, []byte(x), 0o600); err != nil {
				t.Fatal(err)
			}
			hs := newHarness(t, path, "node1", nil, time.Second)
			hs.settle()
			if onFail == "fence" {
				r := hs.lastDone("node2")
				if got := attemptList(r); !slices.Equal(got, []string{"0 ipmi-node2 reboot success"}) {
					t.Fatalf("attempts %q", got)
				}
				return
			}
			if len(hs.eventsOf(EventPlan)) == 0 {
				t.Fatal("no plan")
			}
			if rs := hs.hist.Last(0); len(rs) != 0 || len(powerEvents(t, bmc)) != 0 || fencedInCIB(t, path, "node2") {
				t.Fatalf("on-fail=block fenced: history %v, BMC %q", rs, powerEvents(t, bmc))
			}
		})
	}
}

// TestExternalAgent fences through fence-agents' fence_ipmilan, run as an
// external process: its metadata (read from the agent) and the parameters
// it is given are Pacemaker's.
func TestExternalAgent(t *testing.T) {
	_, err := os.Stat("/usr/sbin/fence_ipmilan")
	peertest.Need(t, err == nil, "fence_ipmilan")
	bmc := startSim(t)
	dir := t.TempDir()
	dev := fmt.Sprintf(`<primitive id="ipmilan" class="stonith" type="fence_ipmilan"><instance_attributes id="i-ia">
<nvpair id="i1" name="ip" value="127.0.0.1"/><nvpair id="i2" name="ipport" value="%s"/><nvpair id="i3" name="username" value="admin"/>
<nvpair id="i4" name="password" value="%s"/><nvpair id="i5" name="lanplus" value="1"/><nvpair id="i6" name="cipher" value="3"/>
<nvpair id="i7" name="power_wait" value="0"/><nvpair id="i8" name="pcmk_host_list" value="node3"/></instance_attributes></primitive>`, bmc.Port, bmc.Pass)
	path := writeCIB(t, dir, dev, "", "", "")
	hs := newHarness(t, path, "node1", &fencer.Agents{Dirs: []string{"/usr/sbin"}, Hostname: "node1"}, time.Second)
	hs.settle()
	defer func() {
		if t.Failed() {
			for _, e := range hs.events {
				t.Logf("%s %s %s %+v", e.Kind, e.Target, e.Detail, e.Fence)
			}
		}
	}()
	r := hs.lastDone("node3")
	if got := attemptList(r); !slices.Equal(got, []string{"0 ipmilan reboot success"}) {
		t.Fatalf("attempts %q", got)
	}
	if ev := powerEvents(t, bmc); !slices.Equal(ev, []string{"0", "1"}) {
		t.Fatalf("the BMC logged %q, want off then on", ev)
	}
	devs := hs.ctl.Devices()
	if len(devs) != 1 || devs[0].State != DeviceStarted || devs[0].Check != "static-list" {
		t.Fatalf("devices %+v", devs)
	}
}
