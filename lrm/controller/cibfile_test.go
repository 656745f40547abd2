package controller

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// pacemakerFences runs Pacemaker's scheduler (through the conformance
// kit's pacemaker-fences) on the CIB at path and returns its fence list.
func pacemakerFences(t *testing.T, path string) string {
	t.Helper()
	tool := filepath.Join(peertest.SharedDir(t), "conformance", "scheduler", "pacemaker-fences")
	_, err := os.Stat(tool)
	peertest.Need(t, err == nil, "../shared/conformance/scheduler/pacemaker-fences")
	_, err = exec.LookPath("crm_simulate")
	peertest.Need(t, err == nil, "crm_simulate")
	out, err := exec.Command(tool, path).Output()
	if err != nil {
		t.Fatalf("pacemaker-fences %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

const dummyDevice = `<primitive id="d" class="stonith" type="fence_exec_dummy"><instance_attributes id="d-ia">
<nvpair id="d-1" name="pcmk_host_list" value="node1 node2 node3"/></instance_attributes>%s</primitive>`

// TestMarkFencedAsPacemaker: Pacemaker's scheduler fences the lost node3
// before the update and nothing after it, and crm_verify accepts the
// result: the update says what Pacemaker's controller says after fencing.
func TestMarkFencedAsPacemaker(t *testing.T) {
	dir := t.TempDir()
	path := writeCIB(t, dir, strings.Replace(dummyDevice, "%s", "", 1), "", "",
		`<node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="3" uname="node3" in_ccm="false" crmd="offline" join="member" expected="member"><transient_attributes id="3"/><lrm id="3"><lrm_resources/></lrm></node_state>`)
	if got := pacemakerFences(t, path); got != "fence node3 reboot" {
		t.Fatalf("before: Pacemaker plans %q", got)
	}
	before, _ := os.ReadFile(path)
	if err := updateCIB(path, func(d *cib.Document) error { return markFenced(d, "node3") }); err != nil {
		t.Fatal(err)
	}
	if got := pacemakerFences(t, path); got != "" {
		t.Fatalf("after: Pacemaker still plans %q", got)
	}
	if out, err := exec.Command("crm_verify", "-x", path).CombinedOutput(); err != nil {
		t.Fatalf("crm_verify: %v\n%s", err, out)
	}
	checkVersionStep(t, before, path)
}

// TestMarkUnfencedAsPacemaker: with a device providing unfencing,
// Pacemaker unfences every node until #node-unfenced says it was done.
func TestMarkUnfencedAsPacemaker(t *testing.T) {
	dir := t.TempDir()
	meta := `<meta_attributes id="d-meta"><nvpair id="d-m1" name="provides" value="unfencing"/></meta_attributes>`
	path := writeCIB(t, dir, strings.Replace(dummyDevice, "%s", meta, 1), "", "", healthy)
	want := "fence node1 on\nfence node2 on\nfence node3 on"
	if got := pacemakerFences(t, path); got != want {
		t.Fatalf("before: Pacemaker plans %q", got)
	}
	for _, n := range []string{"node1", "node2", "node3"} {
		if err := updateCIB(path, func(d *cib.Document) error { return markUnfenced(d, n, 1700000000) }); err != nil {
			t.Fatal(err)
		}
	}
	if got := pacemakerFences(t, path); got != "" {
		t.Fatalf("after: Pacemaker still plans %q", got)
	}
}

// checkVersionStep: a status update leaves admin_epoch and epoch and adds
// one to num_updates.
func checkVersionStep(t *testing.T, before []byte, path string) {
	t.Helper()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v0, v1 := version(t, before), version(t, after)
	if v1.Admin != v0.Admin || v1.Epoch != v0.Epoch || v1.NumUpdates != v0.NumUpdates+1 {
		t.Fatalf("version %v after %v: want num_updates + 1", v1, v0)
	}
}

func version(t *testing.T, data []byte) cib.Version {
	t.Helper()
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

// TestUpdateConflict: a CIB changed by someone else while an update is
// being prepared is not overwritten; the update is redone on the new
// content, which keeps the other writer's change.
func TestUpdateConflict(t *testing.T) {
	dir := t.TempDir()
	path := writeCIB(t, dir, "", "", "", "")
	calls := 0
	err := updateCIB(path, func(d *cib.Document) error {
		calls++
		if calls == 1 { // another writer replaces the file meanwhile
			data, _ := os.ReadFile(path)
			data = bytes.Replace(data, []byte(`epoch="5"`), []byte(`epoch="6"`), 1)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				return err
			}
		}
		return markFenced(d, "node3")
	})
	if err != nil || calls != 2 {
		t.Fatalf("update: %v after %d tries, want success on the second", err, calls)
	}
	data, _ := os.ReadFile(path)
	if v := version(t, data); v.Epoch != 6 || !fencedInCIB(t, path, "node3") {
		t.Fatalf("version %v, fenced %v: the other writer's change or the update was lost", v, fencedInCIB(t, path, "node3"))
	}
	always := func(d *cib.Document) error {
		return os.WriteFile(path, append(d.Bytes(), ' '), 0o600) // someone always writes first
	}
	if err := updateCIB(path, always); !errors.Is(err, ErrConflict) {
		t.Fatalf("a CIB that keeps changing: %v, want ErrConflict", err)
	}
}
