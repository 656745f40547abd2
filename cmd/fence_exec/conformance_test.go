package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
)

// variants are the extra names agents answer to (besides fence_exec_DEVICE).
var variants = []string{"dummy_no_reboot", "dummy_no_on", "dummy_auto_unfence"}

// requirePeer skips the test when a peer is missing, and fails it when
// CI=true.
func requirePeer(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("peer %s missing", what)
	}
	t.Skipf("peer %s missing", what)
}

// sharedDir returns ../shared beside the repository root ($SHARED when set).
func sharedDir(t *testing.T) string {
	if env := os.Getenv("SHARED"); env != "" {
		return env
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for ; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
	}
	return ""
}

// buildAgents builds the multi-call binary and its links into a new
// directory.
func buildAgents(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil { // the fencer runs the agents from here
		t.Fatal(err)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go on PATH to build the agents: %v", err)
	}
	out, err := exec.Command(gobin, "build", "-o", filepath.Join(dir, "fence_exec"), ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	names := append(all.Registry().Devices(), variants...)
	for _, n := range names {
		if err := os.Symlink("fence_exec", filepath.Join(dir, agents.Prefix+n)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFencerConformance drives the agents with Pacemaker's own fencer
// (../shared/conformance/fencer/run): every check must pass.
func TestFencerConformance(t *testing.T) {
	requirePeer(t, "root", os.Geteuid() == 0)
	for _, p := range []string{"stonith_admin", "ipmi_sim", "ipmitool", "xmllint"} {
		_, err := exec.LookPath(p)
		requirePeer(t, p, err == nil)
	}
	_, err := os.Stat("/usr/lib/pacemaker/pacemaker-fenced")
	requirePeer(t, "pacemaker-fenced", err == nil)
	script := filepath.Join(sharedDir(t), "conformance", "fencer", "run")
	_, err = os.Stat(script)
	requirePeer(t, "../shared/conformance/fencer/run", err == nil)
	if exec.Command("pidof", "pacemaker-fenced").Run() == nil {
		requirePeer(t, "an idle machine (a pacemaker-fenced is already running)", false)
	}
	dir := buildAgents(t)
	var out bytes.Buffer
	cmd := exec.Command(script, dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	t.Logf("fencer conformance: %s", last)
	if runErr != nil || !regexp.MustCompile(`^\d+ passed, 0 failed$`).MatchString(last) {
		t.Fatalf("fencer conformance failed (%v):\n%s", runErr, out.String())
	}
}
