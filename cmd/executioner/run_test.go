package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
)

// runTestCIB has node3 lost; the only device able to fence it always
// fails (fence_exec_dummy mode=fail); node2's device always succeeds.
const runTestCIB = `<cib epoch="3" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" have-quorum="1" dc-uuid="1">
<configuration><crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="true"/>
<nvpair id="o2" name="stonith-max-attempts" value="2"/></cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/><node id="2" uname="node2"/><node id="3" uname="node3"/></nodes>
<resources>
<primitive id="bad" class="stonith" type="fence_exec_dummy"><instance_attributes id="bad-ia">
<nvpair id="bad-1" name="mode" value="fail"/><nvpair id="bad-2" name="delay" value="0"/><nvpair id="bad-3" name="pcmk_host_list" value="node3"/></instance_attributes></primitive>
<primitive id="good" class="stonith" type="fence_exec_dummy"><instance_attributes id="good-ia">
<nvpair id="good-1" name="mode" value="pass"/><nvpair id="good-2" name="delay" value="0"/><nvpair id="good-3" name="pcmk_host_list" value="node2"/></instance_attributes></primitive>
</resources><constraints/></configuration>
<status><node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="down" expected="member"/></status></cib>`

// TestRunAndClients runs the daemon command and drives it with the client
// commands: status shows node3 blocked after stonith-max-attempts,
// fence --done ends it, fence node2 succeeds, history and devices list
// what happened, and every record survives in the history file.
func TestRunAndClients(t *testing.T) {
	dir := t.TempDir()
	path, sock := startTestDaemon(t, dir)
	waitUntil(t, "node3 blocked", func() bool {
		out, _, code := runCLI(t, "", "status", "--socket", sock)
		return code == 0 && strings.Contains(out, "fence node3 reboot: blocked")
	})
	out, _, code := runCLI(t, "", "fence", "--done", "node3", "--socket", sock)
	if code != 0 || !strings.Contains(out, "by a lower layer (lower-layer)") {
		t.Fatalf("fence --done: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "fence", "node2", "--action", "off", "--socket", sock)
	if code != 0 || !strings.Contains(out, "off node2  done by good (device)") {
		t.Fatalf("fence node2: exit %d\n%s", code, out)
	}
	if _, _, code = runCLI(t, "", "fence", "nodeX", "--socket", sock); code != exitNoSuch {
		t.Fatalf("fence of an unknown node: exit %d", code)
	}
	out, _, code = runCLI(t, "", "history", "node3", "--output-as", "json", "--socket", sock)
	var rs []fencer.Request
	if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 3 ||
		rs[2].Final == nil || rs[2].Final.By != fencer.ByLowerLayer || rs[0].State != fencer.StateFailed {
		t.Fatalf("history: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "devices", "--socket", sock)
	if code != 0 || !regexp.MustCompile(`(?m)^bad .* started .*static-list: node3\b`).MatchString(out) {
		t.Fatalf("devices: exit %d\n%s", code, out)
	}
	waitUntil(t, "nodes recorded down", func() bool { return downInCIB(t, path, "node2") && downInCIB(t, path, "node3") })
}

// TestClientWithoutDaemon: every client command, with no daemon to talk
// to, says so in one line, suggests executioner run, and exits 69.
func TestClientWithoutDaemon(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "none.sock")
	for _, args := range [][]string{{"status"}, {"history"}, {"devices"}, {"fence", "node1"}, {"confirm", "node1"}} {
		_, errOut, code := runCLI(t, "", append(args, "--socket", sock)...)
		if code != exitUnavailable || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "no executioner daemon is running") || !strings.Contains(errOut, "executioner run") {
			t.Errorf("%v without a daemon: exit %d, %q", args, code, errOut)
		}
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func downInCIB(t *testing.T, path, node string) bool {
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
		if ns.Uname == node {
			return ns.Expected == "down" && ns.Crmd == "offline"
		}
	}
	return false
}

// startTestDaemon writes runTestCIB into dir and runs the daemon on it in
// process until the test ends (a run that ends in error fails the test).
// It returns the CIB's path and the daemon's socket.
func startTestDaemon(t *testing.T, dir string) (path, sock string) {
	t.Helper()
	path, sock, _ = startTestDaemonLog(t, dir)
	return path, sock
}

// startTestDaemonLog is startTestDaemon, also returning what the daemon
// logs; flags are added to the daemon's command line (overriding its
// defaults: --poll 20ms, --retry-base 50ms).
func startTestDaemonLog(t *testing.T, dir string, flags ...string) (path, sock string, log *syncBuffer) {
	t.Helper()
	return startTestDaemonOn(t, dir, runTestCIB, flags...)
}

// startTestDaemonOn is startTestDaemonLog on the CIB cibText.
func startTestDaemonOn(t *testing.T, dir, cibText string, flags ...string) (path, sock string, log *syncBuffer) {
	t.Helper()
	path = filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(path, []byte(cibText), 0o600); err != nil {
		t.Fatal(err)
	}
	sock = filepath.Join(dir, "api.sock")
	log = new(syncBuffer)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		root := newRootCmd()
		root.SetArgs(append([]string{"run", "--cib", path, "--node", "node1", "--history", filepath.Join(dir, "h", "history"),
			"--socket", sock, "--agents-dir", "", "--poll", "20ms", "--retry-base", "50ms"}, flags...))
		root.SetOut(new(bytes.Buffer))
		root.SetErr(log)
		done <- root.ExecuteContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return path, sock, log
}
