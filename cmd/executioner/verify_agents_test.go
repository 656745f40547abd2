package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestVerifyAgentMetadata checks stonith devices against their agents'
// metadata: executioner's from the registry, fence-agents' from the
// installed agent.
func TestVerifyAgentMetadata(t *testing.T) {
	cibFile := tempCIB(t)
	text := `node node1
node node2
primitive st-ok stonith:fence_exec_dummy params pcmk_host_list=node1 op monitor interval=3600s
primitive st-bad stonith:fence_exec_dummy params delay=soon plug=x bogus=1 pcmk_host_list=node2 op monitor interval=3600s
`
	if out, code := runConfigure(t, text, "--cib", cibFile, "load", "update", "-"); code != 0 {
		t.Fatalf("load: exit %d: %s", code, out)
	}
	out, _, code := runCLI(t, "", "verify", cibFile)
	for _, want := range []string{
		`error: st-bad (line `, `fence_exec_dummy: parameter delay: "soon" is not a number of seconds: the agent refuses it`,
		`warning: st-bad (line `, `bogus is not a parameter of fence_exec_dummy`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	if code != exitConfig || strings.Contains(out, "st-ok") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	peertest.Program(t, "fence_ipmilan")
	cibFile = tempCIB(t)
	text = `node node1
primitive st-ipmi stonith:fence_ipmilan params ip=10.0.0.1 username=admin password=secret ipport=x lanplus=1 pcmk_host_list=node1 op monitor interval=3600s
`
	if out, code := runConfigure(t, text, "--cib", cibFile, "load", "update", "-"); code != 0 {
		t.Fatalf("load: exit %d: %s", code, out)
	}
	out, _, code = runCLI(t, "", "verify", cibFile)
	if code != exitConfig || !strings.Contains(out, `fence_ipmilan: parameter ipport: "x" is not an integer`) || strings.Contains(out, "secret") {
		t.Errorf("fence_ipmilan: exit %d, output:\n%s", code, out)
	}
}

// TestImportClusterConfVerifies imports the sample cluster.conf: every
// device gets a monitor op, and the result passes verify without a
// finding.
func TestImportClusterConfVerifies(t *testing.T) {
	cibFile := tempCIB(t)
	conf := filepath.Join(peertest.RepoRoot(t), "testdata", "cluster", "cluster.conf")
	if out, code := runConfigure(t, "", "--cib", cibFile, "import-cluster-conf", conf); code != 0 {
		t.Fatalf("import: exit %d: %s", code, out)
	}
	if out, _, code := runCLI(t, "", "verify", "--strict", cibFile); code != 0 || out != "" {
		t.Errorf("verify --strict: exit %d:\n%s", code, out)
	}
}

// TestVerifySchema: verify reports what Pacemaker's schema refuses, and
// its JSON keeps the message's < and > as they are.
func TestVerifySchema(t *testing.T) {
	if _, err := os.Stat(filepath.Join(schemaDir(), "pacemaker-3.9.rng")); err != nil {
		peertest.SkipOrFail(t, "Pacemaker's schemas are not installed: %v", err)
	}
	p := filepath.Join(t.TempDir(), "cib.xml")
	data := `<cib validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0"><configuration><crm_config/><nodes/>
<resources><primitive id="p" class="ocf" provider="heartbeat" type="Dummy"><bogus/></primitive></resources><constraints/></configuration><status/></cib>`
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "", "verify", "--output-as", "json", p)
	if code != exitConfig || !strings.Contains(out, `"message": "<bogus> is not allowed in <primitive>`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
