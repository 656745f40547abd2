package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestFrontEnd builds the binary as make build does (the front end and its
// worker) and checks that the front end links none of the device libraries
// split off behind the agentfront tag, answers metadata itself, passes a
// device action to the worker, and fails cleanly without one.
func TestFrontEnd(t *testing.T) {
	others := []string{"golang.org/x/crypto/ssh", "net/http", "crypto/tls", "github.com/gosnmp/gosnmp", "github.com/godbus/dbus/v5", "go.bug.st/serial"}
	for _, c := range []struct {
		tags string
		not  []string
	}{
		{"agentfront", []string{"github.com/bougou/go-ipmi/pkg/client", "golang.org/x/crypto/ssh", "net/http", "crypto/tls"}},
		// fence_exec_ipmi, a binary of its own: its front end links no
		// IPMI client and no other agent, its worker no other agent.
		{"agentfront,agent_ipmi", append([]string{"github.com/bougou/go-ipmi/pkg/client"}, others...)},
		{"agent_ipmi", others},
	} {
		out, err := exec.Command(peertest.Program(t, "go"), "list", "-tags", c.tags, "-deps", ".").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, lib := range c.not {
			if strings.Contains(string(out), lib+"\n") {
				t.Errorf("built with -tags %s, the binary links %s", c.tags, lib)
			}
		}
	}
	dir := t.TempDir()
	front := peertest.BuildAgents(t, dir)
	null := filepath.Join(dir, "fence_exec_null")
	if err := os.Symlink(filepath.Base(front), null); err != nil {
		t.Fatal(err)
	}
	run := func(stdin string) (int, string, string) {
		cmd := exec.Command(null)
		cmd.Stdin = strings.NewReader(stdin)
		var o, e strings.Builder
		cmd.Stdout, cmd.Stderr = &o, &e
		_ = cmd.Run()
		return cmd.ProcessState.ExitCode(), o.String(), e.String()
	}
	if code, out, _ := run("action=metadata\n"); code != 0 || !strings.Contains(out, `<resource-agent name="fence_exec_null"`) {
		t.Errorf("metadata: exit %d\n%s", code, out)
	}
	if code, out, stderr := run("action=list\nhostlist=a b\n"); code != 0 || out != "a\nb\n" {
		t.Errorf("list through the worker: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if err := os.Remove(filepath.Join(dir, peertest.AgentWorker)); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run("action=list\nhostlist=a b\n"); code != 1 || out != "" || !strings.HasPrefix(stderr, "Failed: internal error: cannot start the agent process: the agent worker") {
		t.Errorf("list without a worker: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
