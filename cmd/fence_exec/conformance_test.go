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
	"github.com/executioner-ha/executioner/internal/peertest"
)

// variants are the extra names agents answer to (besides fence_exec_DEVICE).
var variants = []string{"dummy_no_reboot", "dummy_no_on", "dummy_auto_unfence"}

// buildAgents builds the multi-call binary and its links into a new
// directory.
func buildAgents(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil { // the fencer runs the agents from here
		t.Fatal(err)
	}
	peertest.BuildAgents(t, dir)
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
	for _, p := range []string{"ipmi_sim", "ipmitool", "xmllint"} {
		peertest.Program(t, p)
	}
	script := peertest.Shared(t, "conformance", "fencer", "run")
	peertest.LockFencer(t)
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
