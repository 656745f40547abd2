package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestVerifyExitStatus checks verify's exit statuses and output forms on
// CIBs of the broken corpus.
func TestVerifyExitStatus(t *testing.T) {
	dir := filepath.Join(peertest.RepoRoot(t), "testdata", "cib", "broken")
	errCase := filepath.Join(dir, "duplicate-primitive-id.xml")
	warnCase := filepath.Join(dir, "fencing-device-no-monitor.xml")

	out, _, code := runCLI(t, "", "verify", errCase)
	if code != exitConfig || !strings.HasPrefix(out, "error: web (line ") {
		t.Errorf("errors: exit %d, output %q", code, out)
	}
	out, _, code = runCLI(t, "", "verify", warnCase)
	if code != 0 || !strings.HasPrefix(out, "warning: st-node1 ") || strings.Count(out, "\n") != 1 {
		t.Errorf("warnings only: exit %d, output %q", code, out)
	}
	if _, _, code := runCLI(t, "", "verify", "--strict", warnCase); code != exitConfig {
		t.Errorf("--strict with warnings: exit %d", code)
	}
	t.Setenv("CIB_file", errCase)
	out, _, code = runCLI(t, "", "verify", "--output-as", "json")
	var r struct {
		Findings []jsonFinding `json:"findings"`
		Status   jsonStatus    `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitConfig || r.Status.Code != exitConfig || len(r.Findings) == 0 {
		t.Errorf("json via CIB_file: exit %d, %v, %+v", code, err, r)
	}
	out, _, code = runCLI(t, "", "verify", "--output-as", "xml", warnCase)
	if e, err := cib.ParseElement([]byte(out)); err != nil || code != 0 || len(e.FindElements("//finding")) != 1 {
		t.Errorf("xml: exit %d, %v:\n%s", code, err, out)
	}
	if _, _, code := runCLI(t, "<cib>", "verify", "-"); code != exitConfig {
		t.Errorf("malformed stdin: exit %d", code)
	}
	if _, _, code := runCLI(t, "", "verify", filepath.Join(dir, "missing.xml")); code != exitNoInput {
		t.Errorf("missing file: exit %d", code)
	}
}

// TestVerifyCorpusFindings checks that executioner verify, the whole
// command (Verify's checks and the plan's), reports the finding each
// broken CIB of the corpus records on its "executioner:" line.
func TestVerifyCorpusFindings(t *testing.T) {
	dir := filepath.Join(peertest.RepoRoot(t), "testdata", "cib", "broken")
	expects, _ := filepath.Glob(filepath.Join(dir, "*.expect"))
	if len(expects) == 0 {
		t.Fatal("no corpus in " + dir)
	}
	for _, e := range expects {
		exp, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, l := range strings.Split(string(exp), "\n") {
			if v, ok := strings.CutPrefix(l, "executioner: "); ok {
				want = strings.Fields(v)
			}
		}
		if len(want) < 2 {
			t.Fatalf("%s: no executioner line", e)
		}
		out, _, _ := runCLI(t, "", "verify", "--output-as", "json", strings.TrimSuffix(e, ".expect")+".xml")
		var r struct {
			Findings []jsonFinding `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%s: %v in %q", e, err, out)
		}
		if !slices.ContainsFunc(r.Findings, func(f jsonFinding) bool {
			return f.Severity == want[0] && f.Check == want[1] && (len(want) < 3 || f.ID == want[2])
		}) {
			t.Errorf("%s: want %v, got %+v", filepath.Base(e), want, r.Findings)
		}
	}
}

// agentParamsCIB has redfish without username, redfish with its obsolete
// name login, kdump, which requires nothing, apc_snmp without ip,
// apc_snmp with its obsolete name ipaddr, and ifmib with ip and no plug
// (Pacemaker passes the plug with each action).
const agentParamsCIB = `<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
    <resources>
      <primitive id="rf" class="stonith" type="fence_exec_redfish">
        <instance_attributes id="rf-ia"><nvpair id="rf-ip" name="ip" value="10.0.0.1"/><nvpair id="rf-h" name="pcmk_host_list" value="n1"/></instance_attributes>
        <operations><op id="rf-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="rf2" class="stonith" type="fence_exec_redfish">
        <instance_attributes id="rf2-ia"><nvpair id="rf2-ip" name="ip" value="10.0.0.2"/><nvpair id="rf2-l" name="login" value="root"/><nvpair id="rf2-h" name="pcmk_host_list" value="n2"/></instance_attributes>
        <operations><op id="rf2-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="kd" class="stonith" type="fence_exec_kdump">
        <operations><op id="kd-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="pdu" class="stonith" type="fence_exec_apc_snmp">
        <instance_attributes id="pdu-ia"><nvpair id="pdu-c" name="community" value="private"/><nvpair id="pdu-h" name="pcmk_host_map" value="n1:1"/></instance_attributes>
        <operations><op id="pdu-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="pdu2" class="stonith" type="fence_exec_apc_snmp">
        <instance_attributes id="pdu2-ia"><nvpair id="pdu2-ip" name="ipaddr" value="10.0.0.2"/><nvpair id="pdu2-h" name="pcmk_host_map" value="n2:2"/></instance_attributes>
        <operations><op id="pdu2-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
      <primitive id="fabric" class="stonith" type="fence_exec_ifmib">
        <instance_attributes id="fabric-ia"><nvpair id="fabric-ip" name="ip" value="10.0.0.3"/><nvpair id="fabric-h" name="pcmk_host_map" value="n1:s1;n2:s2"/></instance_attributes>
        <meta_attributes id="fabric-meta"><nvpair id="fabric-provides" name="provides" value="unfencing"/></meta_attributes>
        <operations><op id="fabric-mon" name="monitor" interval="3600s"/></operations>
      </primitive>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>`

// TestVerifyAgentParams: a device lacking a parameter its executioner
// agent requires is an error naming the device, the parameter and its
// other names; the obsolete name satisfies it.
func TestVerifyAgentParams(t *testing.T) {
	out, _, code := runCLI(t, agentParamsCIB, "verify", "-")
	want := "error: rf (line 6): fence_exec_redfish requires parameter username (or login): add params username=... [agent-params]\n" +
		"error: pdu (line 17): fence_exec_apc_snmp requires parameter ip (or ipaddr): add params ip=... [agent-params]\n"
	if code != exitConfig || out != want {
		t.Errorf("exit %d, output %q, want %q", code, out, want)
	}
}
