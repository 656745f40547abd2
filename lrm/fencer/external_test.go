package fencer

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// buildAgents builds the multi-call agent binary into a directory with the
// fence_exec_dummy link, as make install lays it out.
func buildAgents(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the agent binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fence_exec")
	out, err := exec.Command(goTool, "build", "-o", bin, "../../cmd/fence_exec").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.Symlink("fence_exec", filepath.Join(dir, "fence_exec_dummy")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestExternalAgents runs the installed-style agents as processes through
// lrm: their metadata is read from the agent, a failure is classified by
// a second process (monitor), and a level whose agent is missing is
// skipped without an attempt.
func TestExternalAgents(t *testing.T) {
	dir := buildAgents(t)
	m := testCIB(t, []dev{
		{"missing", "fence_nonexistent", []string{"pcmk_host_check", "none"}},
		{"deaf", "fence_exec_dummy", with(failReached, "pcmk_host_list", "node2")},
		{"good", "fence_exec_dummy", with(pass, "pcmk_host_list", "node2")},
	}, "node2 1 missing", "node2 2 deaf", "node2 3 good")
	h, err := Open(filepath.Join(t.TempDir(), "history"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	e := NewExecutor(&Agents{Dirs: []string{dir}, Hostname: "node1"})
	f := New(h, e, "node1")
	f.SetConfig(Config{Model: m, Devices: Devices(m), Timeout: 20 * time.Second})
	c, err := e.Capabilities(context.Background(), &Device{Agent: "fence_exec_dummy"})
	if err != nil || !c.List || !c.Reboot || !c.On || c.AutoOn {
		t.Fatalf("capabilities from the external metadata: %+v %v", c, err)
	}
	r := fence(t, f, "node2", "reboot")
	wantAttempts(t, r, "2 deaf reboot no-ack", "3 good reboot success")
}
