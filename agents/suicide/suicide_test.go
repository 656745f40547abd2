package suicide

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/suicide/logindtest"
	"github.com/executioner-ha/executioner/internal/peertest"
)

func run(t *testing.T, a *Agent, stdin string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, a, "fence_exec_suicide", stdin, nil)
}

func TestConformance(t *testing.T) {
	addr := peertest.DBus(t)
	logindtest.Start(t, addr)
	agenttest.Run(t, agenttest.Config{Agent: &Agent{BusAddress: addr}, Name: "fence_exec_suicide", Target: "node1"})
}

// TestLocalOnly: reboot and off of the local host reach logind; any
// other target is refused without a call.
func TestLocalOnly(t *testing.T) {
	addr := peertest.DBus(t)
	l := logindtest.Start(t, addr)
	a := &Agent{BusAddress: addr}
	cases := []struct{ stdin, out, calls string }{
		{"action=reboot\nport=" + strings.ToUpper(agenttest.Hostname) + "\n", "Success: Rebooted\n", "Reboot"},
		{"action=off\nnodename=localhost\n", "Success: Powered OFF\n", "Reboot PowerOff"},
		{"action=reboot\nport=node1\n", "", "Reboot PowerOff"},
		{"action=off\nport=" + agenttest.Hostname + "x\n", "", "Reboot PowerOff"},
	}
	for _, c := range cases {
		r := run(t, a, c.stdin)
		if r.Stdout != c.out || (r.Code == 0) != (c.out != "") || l.Calls() != c.calls {
			t.Errorf("%q: %v\nlogind saw %q, want %q", c.stdin, r, l.Calls(), c.calls)
		}
	}
	if r := run(t, a, "action=on\nport="+agenttest.Hostname+"\n"); r.Code != 1 {
		t.Errorf("on: %v", r)
	}
	if r := run(t, a, "action=list\n"); r.Stdout != agenttest.Hostname+"\n" {
		t.Errorf("list: %v", r)
	}
}

// TestFaults: logind refusing, hanging, absent, or no bus at all: exit 1,
// one line, within the timeout, never "Success".
func TestFaults(t *testing.T) {
	addr := peertest.DBus(t)
	l := logindtest.Start(t, addr)
	hang := make(chan struct{})
	defer close(hang)
	self := "action=reboot\npower_timeout=1\nport=" + agenttest.Hostname + "\n"
	check := func(name string, a *Agent, stdin string) {
		t.Helper()
		r := run(t, a, stdin)
		if r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 || r.Elapsed > 3*time.Second || strings.Contains(r.Stdout, "Success") {
			t.Errorf("%s: %v", name, r)
		}
	}
	l.Set(true, nil, "yes")
	check("refused", &Agent{BusAddress: addr}, self)
	l.Set(false, hang, "yes")
	check("hung", &Agent{BusAddress: addr}, self)
	l.Set(false, nil, "na")
	check("no bus", &Agent{BusAddress: "unix:path=" + filepath.Join(t.TempDir(), "none")}, self)
	check("no logind", &Agent{BusAddress: peertest.DBus(t)}, self)
	check("cannot reboot", &Agent{BusAddress: addr}, "action=monitor\n")
}
