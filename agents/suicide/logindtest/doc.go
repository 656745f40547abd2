// Package logindtest runs a private dbus-daemon and a stand-in for
// systemd-logind's Manager on it, for testing the suicide agent without
// ever touching the system bus.
package logindtest
