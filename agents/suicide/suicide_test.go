package suicide

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/godbus/dbus/v5"
)

// privateBus starts a dbus-daemon of its own (never the system bus) and
// returns its address.
func privateBus(t *testing.T) string {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("dbus-daemon is required under CI=true")
		}
		t.Skip("dbus-daemon not installed")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	err = os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <listen>unix:path=`+filepath.Join(dir, "bus")+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+conf, "--nofork", "--nopidfile", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// logind is a stand-in for systemd-logind's Manager on the private bus:
// it records the calls, and may fail or hang them.
type logind struct {
	mu      sync.Mutex
	calls   []string
	fail    bool
	hang    chan struct{}
	canBoot string
}

func (l *logind) record(call string) *dbus.Error {
	l.mu.Lock()
	l.calls = append(l.calls, call)
	fail, hang := l.fail, l.hang
	l.mu.Unlock()
	if hang != nil {
		<-hang
	}
	if fail {
		return dbus.NewError("org.freedesktop.login1.OperationInProgress", []any{"There's already a shutdown or sleep operation in progress"})
	}
	return nil
}

func (l *logind) Reboot(interactive bool) *dbus.Error   { return l.record("Reboot") }
func (l *logind) PowerOff(interactive bool) *dbus.Error { return l.record("PowerOff") }
func (l *logind) CanReboot() (string, *dbus.Error) {
	err := l.record("CanReboot")
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.canBoot, err
}

// set changes how the stand-in answers.
func (l *logind) set(fail bool, hang chan struct{}, canBoot string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fail, l.hang, l.canBoot = fail, hang, canBoot
}

func (l *logind) log() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.calls, " ")
}

// startLogind exports a logind on the bus at addr under logind's name.
func startLogind(t *testing.T, addr string) *logind {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	l := &logind{canBoot: "yes"}
	if err := conn.Export(l, Path, Interface); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(Service, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v (%v)", Service, reply, err)
	}
	return l
}

func run(t *testing.T, a *Agent, stdin string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, a, "fence_exec_suicide", stdin, nil)
}

func TestConformance(t *testing.T) {
	addr := privateBus(t)
	startLogind(t, addr)
	agenttest.Run(t, agenttest.Config{Agent: &Agent{BusAddress: addr}, Name: "fence_exec_suicide", Target: "node1"})
}

// TestLocalOnly: reboot and off of the local host reach logind; any
// other target is refused without a call.
func TestLocalOnly(t *testing.T) {
	addr := privateBus(t)
	l := startLogind(t, addr)
	a := &Agent{BusAddress: addr}
	cases := []struct{ stdin, out, calls string }{
		{"action=reboot\nport=" + strings.ToUpper(agenttest.Hostname) + "\n", "Success: Rebooted\n", "Reboot"},
		{"action=off\nnodename=localhost\n", "Success: Powered OFF\n", "Reboot PowerOff"},
		{"action=reboot\nport=node1\n", "", "Reboot PowerOff"},
		{"action=off\nport=" + agenttest.Hostname + "x\n", "", "Reboot PowerOff"},
	}
	for _, c := range cases {
		r := run(t, a, c.stdin)
		if r.Stdout != c.out || (r.Code == 0) != (c.out != "") || l.log() != c.calls {
			t.Errorf("%q: %v\nlogind saw %q, want %q", c.stdin, r, l.log(), c.calls)
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
	addr := privateBus(t)
	l := startLogind(t, addr)
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
	l.set(true, nil, "yes")
	check("refused", &Agent{BusAddress: addr}, self)
	l.set(false, hang, "yes")
	check("hung", &Agent{BusAddress: addr}, self)
	l.set(false, nil, "na")
	check("no bus", &Agent{BusAddress: "unix:path=" + filepath.Join(t.TempDir(), "none")}, self)
	check("no logind", &Agent{BusAddress: privateBus(t)}, self)
	check("cannot reboot", &Agent{BusAddress: addr}, "action=monitor\n")
}
