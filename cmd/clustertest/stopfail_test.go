package clustertest

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// lrmOps are the operations the CIB status records for each resource on
// each node.
type lrmOps struct {
	Nodes []struct {
		Uname     string `xml:"uname,attr"`
		Resources []struct {
			ID  string `xml:"id,attr"`
			Ops []struct {
				Operation string `xml:"operation,attr"`
				RC        string `xml:"rc-code,attr"`
				Status    string `xml:"op-status,attr"`
			} `xml:"lrm_rsc_op"`
		} `xml:"lrm>lrm_resources>lrm_resource"`
	} `xml:"status>node_state"`
}

// failedStop tells whether the CIB status cib records a failed stop of rsc
// on node: one that ended (op-status -1 is pending) other than ok.
func failedStop(cib []byte, rsc, node string) bool {
	var s lrmOps
	if xml.Unmarshal(cib, &s) != nil {
		return false
	}
	for _, n := range s.Nodes {
		for _, r := range n.Resources {
			for _, op := range r.Ops {
				if n.Uname == node && r.ID == rsc && op.Operation == "stop" && op.Status != "-1" && (op.RC != "0" || op.Status != "0") {
					return true
				}
			}
		}
	}
	return false
}

// TestStopFailureFenced: a resource whose stop fails, with on-fail=fence,
// gets its node fenced through fence_exec_ipmi, as the plan made from the
// live CIB holding the failed stop says. The resource is Pacemaker's own
// Dummy agent, whose every operation sleeps op_sleep seconds: longer than
// the stop's timeout.
func TestStopFailureFenced(t *testing.T) {
	c := newCluster(t, 3)
	c.Script(t, "fencing", "fence_exec_ipmi")
	target := c.notDC()
	observer := c.observerFor(target)
	// The fencer waits pcmk_delay_base before it runs the device, so the
	// failed stop stays in the CIB for long enough to read it.
	c.MustExec(t, observer, "crm_resource", "--resource", "fence-"+target, "--set-parameter", "pcmk_delay_base",
		"--parameter-value", "5s")
	conf := fmt.Sprintf(`primitive sleepy ocf:pacemaker:Dummy params op_sleep=3 \
	op start timeout=30s interval=0 op monitor timeout=30s interval=0 \
	op stop timeout=1s interval=0 on-fail=fence
location sleepy-on-%[1]s sleepy 100: %[1]s
`, target)
	f := filepath.Join(t.TempDir(), "sleepy.crm")
	if err := os.WriteFile(f, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	c.MustExec(t, observer, "crm", "configure", "load", "update", f)
	c.waitSettled(len(c.Nodes))
	waitFor(t, settleLimit, "sleepy started on "+target, func() (bool, string) {
		s, _ := c.mon(observer)
		for _, r := range s.Resources {
			if r.ID == "sleepy" && r.Role == "Started" && len(r.On) == 1 && r.On[0].Name == target {
				return true, ""
			}
		}
		return false, fmt.Sprintf("%+v", s.Resources)
	})
	c.waitSettled(len(c.Nodes))
	k := c.watch(target)
	c.MustExec(t, observer, "crm_resource", "--resource", "sleepy", "--meta", "--set-parameter", "target-role",
		"--parameter-value", "Stopped")
	var snapshot []byte
	waitFor(t, fenceLimit, "the failed stop of sleepy in the CIB", func() (bool, string) {
		out, _, _ := c.Exec(observer, "cibadmin", "--query")
		snapshot = []byte(out)
		return failedStop(snapshot, "sleepy", target), "no failed stop of sleepy on " + target + " in the CIB"
	})
	live := filepath.Join(t.TempDir(), "live.xml")
	if err := os.WriteFile(live, snapshot, 0o600); err != nil {
		t.Fatal(err)
	}
	plan := c.plan(observer, "plan", "--format", "json", live)
	c.waitFenced(k, observer)
	c.checkFenced(k, observer, plan)
}
