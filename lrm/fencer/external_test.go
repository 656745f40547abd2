package fencer

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/pengine"
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
// a second process (monitor), and a device whose agent is missing fails
// as an internal failure (its metadata unknown, the reboot is sent as off,
// as Pacemaker's fencer does).
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
	e := NewExecutor(&Agents{Dirs: []string{dir}, Hostname: "node1"}, nil)
	f := New(h, e, "node1")
	info, err := e.Info(context.Background(), "fence_exec_dummy")
	if err != nil || !info.List || !info.Reboot || !info.On || info.AutoUnfence || info.HostArg != "port" {
		t.Fatalf("the external agent's metadata: %+v %v", info, err)
	}
	if _, err := e.Info(context.Background(), "fence_nonexistent"); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("missing agent's metadata: %v", err)
	}
	infos, _ := e.Infos(context.Background(), m) // the missing agent is planned as one without metadata
	st, err := pengine.StepFor(pengine.Input{Model: m, Agents: infos}, "node2", cib.FenceReboot)
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.Fence(context.Background(), Request{Target: "node2", Action: cib.FenceReboot}, st)
	if err != nil {
		t.Fatal(err)
	}
	wantAttempts(t, r, "1 missing reboot off internal-failure", "2 deaf reboot reboot no-ack", "3 good reboot reboot success")
}
