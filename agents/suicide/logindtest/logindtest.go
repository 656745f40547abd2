package logindtest

import (
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
)

// Logind is a stand-in for systemd-logind's Manager on a private bus: it
// records the calls, and may fail or hang them.
type Logind struct {
	mu      sync.Mutex
	calls   []string
	fail    bool
	hang    chan struct{}
	canBoot string
}

func (l *Logind) record(call string) *dbus.Error {
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

// Reboot records a reboot request.
func (l *Logind) Reboot(interactive bool) *dbus.Error { return l.record("Reboot") }

// PowerOff records a power-off request.
func (l *Logind) PowerOff(interactive bool) *dbus.Error { return l.record("PowerOff") }

// CanReboot answers as set (initially "yes").
func (l *Logind) CanReboot() (string, *dbus.Error) {
	err := l.record("CanReboot")
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.canBoot, err
}

// Set changes how the stand-in answers: fail every call, hang every call
// until hang is closed (nil: do not hang), and CanReboot's answer.
func (l *Logind) Set(fail bool, hang chan struct{}, canBoot string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fail, l.hang, l.canBoot = fail, hang, canBoot
}

// Calls returns the methods called so far, separated by spaces.
func (l *Logind) Calls() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.calls, " ")
}

// Start exports a Logind on the bus at addr under logind's name until the
// test ends.
func Start(t testing.TB, addr string) *Logind {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	l := &Logind{canBoot: "yes"}
	if err := conn.Export(l, "/org/freedesktop/login1", "org.freedesktop.login1.Manager"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.freedesktop.login1", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning org.freedesktop.login1: %v (%v)", reply, err)
	}
	return l
}
