package ssh

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/ssh/sshtest"
	"github.com/executioner-ha/executioner/ocf"
)

func run(t *testing.T, params map[string]string, action ocf.Action) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, New(), "fence_exec_ssh", agenttest.Stdin(action, agenttest.WithTarget(params, "node1")), nil)
}

func TestConformance(t *testing.T) {
	s := sshtest.Start(t)
	agenttest.Run(t, agenttest.Config{Agent: New(), Name: "fence_exec_ssh", Params: s.Params(), Target: "node1"})
}

// TestFence: off and reboot succeed once the host stopped answering;
// status then reports OFF.
func TestFence(t *testing.T) {
	for _, action := range []ocf.Action{ocf.ActionOff, ocf.ActionReboot} {
		s := sshtest.Start(t)
		p := s.Params()
		if r := run(t, p, ocf.ActionStatus); r.Code != 0 || r.Stdout != "Status: ON\n" {
			t.Fatalf("status of a running host: %v", r)
		}
		r := run(t, p, action)
		if exited := s.Wait(); r.Code != 0 || !strings.HasPrefix(r.Stdout, "Success: ") || !exited {
			t.Errorf("%s: %v (sshd exited: %v)", action, r, exited)
		}
		if r := run(t, p, ocf.ActionStatus); r.Code != 2 || r.Stdout != "Status: OFF\n" {
			t.Errorf("status after %s: %v", action, r)
		}
	}
}

// TestFaults: an unknown host key, a wrong key, a command that leaves the
// host up, a host that accepts but never speaks SSH, and a failing
// command: exit 1, one line, within the timeouts, the host untouched.
func TestFaults(t *testing.T) {
	s := sshtest.Start(t)
	other := filepath.Join(t.TempDir(), "other")
	sshtest.Keygen(t, other)
	empty := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(empty, nil, 0o600)
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	_, silentPort, _ := net.SplitHostPort(silent.Addr().String())
	cases := []struct {
		name, key, value, says string
	}{
		{"unknown host key", "known_hosts", empty, "key is unknown"},
		{"wrong identity", "identity_file", other, "unable to authenticate"},
		{"command leaves host up", "off_command", "true", "still answers"},
		{"failing command", "off_command", "exit 3", "status 3"},
		{"silent port", "ipport", silentPort, "no answer"},
	}
	for _, c := range cases {
		p := s.Params()
		p[c.key] = c.value
		const power, login = 4, 3
		p["power_timeout"], p["login_timeout"] = fmt.Sprint(power), fmt.Sprint(login)
		// login, the command, then power_timeout of polling, plus slack for start-up.
		limit := (2*login + power + 2) * time.Second
		r := run(t, p, ocf.ActionOff)
		if r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, c.says) || r.Elapsed > limit {
			t.Errorf("%s: %v", c.name, r)
		}
		if !s.Up() {
			t.Fatalf("%s: the host went down", c.name)
		}
	}
}
