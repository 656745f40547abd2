package systemd

import (
	"fmt"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
)

// fakeUnit is one unit of the fake systemd: its state and how its jobs end.
type fakeUnit struct {
	active, sub string
	startResult string // job result of a start ("" means "done")
	stopResult  string // job result of a stop ("" means "done")
	hang        bool   // jobs never end
}

// fakeSystemd serves the part of org.freedesktop.systemd1 that Manager
// uses, over a real bus: Subscribe, LoadUnit, StartUnit, StopUnit, the
// JobRemoved signal and the units' properties.
type fakeSystemd struct {
	conn  *dbus.Conn
	mu    sync.Mutex
	units map[string]*fakeUnit
	jobs  uint32
	subs  int
}

// startFakeSystemd connects to the bus at addr and owns systemd's name.
func startFakeSystemd(t *testing.T, addr string, units map[string]*fakeUnit) *fakeSystemd {
	t.Helper()
	f := &fakeSystemd{conn: connect(t, addr), units: units}
	if err := f.conn.Export(f, managerPath, managerIface); err != nil {
		t.Fatal(err)
	}
	reply, err := f.conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v (reply %d)", busName, err, reply)
	}
	return f
}

// unitPath escapes a unit name into an object path as systemd does.
func unitPath(name string) dbus.ObjectPath {
	p := []byte("/org/freedesktop/systemd1/unit/")
	for _, c := range []byte(name) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			p = append(p, c)
		} else {
			p = fmt.Appendf(p, "_%02x", c)
		}
	}
	return dbus.ObjectPath(p)
}

// Subscribe is systemd's Manager.Subscribe.
func (f *fakeSystemd) Subscribe() *dbus.Error {
	f.mu.Lock()
	f.subs++
	f.mu.Unlock()
	return nil
}

// LoadUnit is systemd's Manager.LoadUnit: every name loads, unknown ones
// with LoadState not-found.
func (f *fakeSystemd) LoadUnit(name string) (dbus.ObjectPath, *dbus.Error) {
	path := unitPath(name)
	if err := f.conn.Export(fakeProps{f, name}, path, "org.freedesktop.DBus.Properties"); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	return path, nil
}

// StartUnit is systemd's Manager.StartUnit.
func (f *fakeSystemd) StartUnit(name, mode string) (dbus.ObjectPath, *dbus.Error) {
	return f.queue(name, mode, true)
}

// StopUnit is systemd's Manager.StopUnit.
func (f *fakeSystemd) StopUnit(name, mode string) (dbus.ObjectPath, *dbus.Error) {
	return f.queue(name, mode, false)
}

// queue creates a job, and unless the unit hangs, ends it right away,
// emitting JobRemoved before the method's reply goes out (the order a
// client must cope with).
func (f *fakeSystemd) queue(name, mode string, start bool) (dbus.ObjectPath, *dbus.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.units[name]
	if u == nil {
		return "", dbus.NewError("org.freedesktop.systemd1.NoSuchUnit", []any{"Unit " + name + " not found."})
	}
	if mode != "replace" {
		return "", dbus.NewError("org.freedesktop.DBus.Error.InvalidArgs", []any{"unexpected mode " + mode})
	}
	f.jobs++
	job := dbus.ObjectPath(fmt.Sprintf("/org/freedesktop/systemd1/job/%d", f.jobs))
	if u.hang {
		return job, nil
	}
	result := u.stopResult
	if start {
		result = u.startResult
	}
	if result == "" {
		result = "done"
	}
	switch {
	case result != "done" && start:
		u.active, u.sub = "failed", "failed"
	case result != "done":
		u.active, u.sub = "failed", "stop-sigterm"
	case start:
		u.active, u.sub = "active", "running"
	default:
		u.active, u.sub = "inactive", "dead"
	}
	_ = f.conn.Emit(managerPath, managerIface+"."+jobRemoved, f.jobs, job, name, result)
	return job, nil
}

// fakeProps serves one unit's org.freedesktop.DBus.Properties.
type fakeProps struct {
	f    *fakeSystemd
	name string
}

// GetAll returns the unit's properties.
func (p fakeProps) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	if iface != unitIface {
		return nil, dbus.NewError("org.freedesktop.DBus.Error.UnknownInterface", []any{iface})
	}
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	props := map[string]dbus.Variant{"Id": dbus.MakeVariant(p.name), "LoadState": dbus.MakeVariant("not-found"),
		"ActiveState": dbus.MakeVariant("inactive"), "SubState": dbus.MakeVariant("dead")}
	if u := p.f.units[p.name]; u != nil {
		props["LoadState"] = dbus.MakeVariant("loaded")
		props["ActiveState"] = dbus.MakeVariant(u.active)
		props["SubState"] = dbus.MakeVariant(u.sub)
	}
	return props, nil
}
