package systemd

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

// connect opens a connection to the bus at addr, closed at cleanup.
func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}
