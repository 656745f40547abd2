package systemd

import (
	"context"
	"fmt"

	"github.com/godbus/dbus/v5"
)

// The names systemd uses on the bus.
const (
	busName      = "org.freedesktop.systemd1"
	managerPath  = dbus.ObjectPath("/org/freedesktop/systemd1")
	managerIface = "org.freedesktop.systemd1.Manager"
	unitIface    = "org.freedesktop.systemd1.Unit"
	jobRemoved   = "JobRemoved"
)

// Manager drives systemd units over one D-Bus connection. Its methods are
// safe for concurrent use.
type Manager struct {
	conn *dbus.Conn
	obj  dbus.BusObject
}

// jobMatch selects systemd's JobRemoved signals.
func jobMatch() []dbus.MatchOption {
	return []dbus.MatchOption{
		dbus.WithMatchSender(busName),
		dbus.WithMatchObjectPath(managerPath),
		dbus.WithMatchInterface(managerIface),
		dbus.WithMatchMember(jobRemoved),
	}
}

// New returns a Manager on conn, subscribed to systemd's job signals.
// conn stays the caller's to close, after Close.
func New(ctx context.Context, conn *dbus.Conn) (*Manager, error) {
	m := &Manager{conn: conn, obj: conn.Object(busName, managerPath)}
	if err := conn.AddMatchSignalContext(ctx, jobMatch()...); err != nil {
		return nil, fmt.Errorf("systemd: subscribe to job signals: %w", err)
	}
	if err := m.obj.CallWithContext(ctx, managerIface+".Subscribe", 0).Err; err != nil {
		_ = conn.RemoveMatchSignalContext(ctx, jobMatch()...)
		return nil, fmt.Errorf("systemd: subscribe: %w", err)
	}
	return m, nil
}

// Close drops the signal subscription.
func (m *Manager) Close() error {
	if err := m.conn.RemoveMatchSignal(jobMatch()...); err != nil {
		return fmt.Errorf("systemd: unsubscribe: %w", err)
	}
	return nil
}

// Start starts unit and waits until its job ends.
func (m *Manager) Start(ctx context.Context, unit string) error {
	return m.job(ctx, "start", "StartUnit", unit)
}

// Stop stops unit and waits until its job ends.
func (m *Manager) Stop(ctx context.Context, unit string) error {
	return m.job(ctx, "stop", "StopUnit", unit)
}

// job queues a job with mode "replace" and waits for its JobRemoved signal.
// The signal channel is registered before the call, so a signal sent before
// the reply is not missed.
func (m *Manager) job(ctx context.Context, op, method, unit string) error {
	name, err := UnitName(unit)
	if err != nil {
		return err
	}
	sigs := make(chan *dbus.Signal, 16)
	m.conn.Signal(sigs)
	defer m.conn.RemoveSignal(sigs)
	var job dbus.ObjectPath
	if err := m.obj.CallWithContext(ctx, managerIface+"."+method, 0, name, "replace").Store(&job); err != nil {
		return fmt.Errorf("systemd unit %s: %s: %w", name, op, err)
	}
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("systemd unit %s: %s job %s: %w", name, op, job, ctx.Err())
		case sig, ok := <-sigs:
			if !ok {
				return fmt.Errorf("systemd unit %s: %s job %s: connection closed", name, op, job)
			}
			result, mine := jobResult(sig, job)
			if !mine {
				continue
			}
			if result != "done" {
				return &JobError{Unit: name, Op: op, Result: result}
			}
			return nil
		}
	}
}

// jobResult returns the result carried by sig when it is the JobRemoved
// signal of job: JobRemoved(u id, o job, s unit, s result).
func jobResult(sig *dbus.Signal, job dbus.ObjectPath) (string, bool) {
	if sig.Path != managerPath || sig.Name != managerIface+"."+jobRemoved || len(sig.Body) != 4 {
		return "", false
	}
	path, ok := sig.Body[1].(dbus.ObjectPath)
	result, ok2 := sig.Body[3].(string)
	if !ok || !ok2 || path != job {
		return "", false
	}
	return result, true
}

// Status loads unit and returns its state.
func (m *Manager) Status(ctx context.Context, unit string) (Status, error) {
	name, err := UnitName(unit)
	if err != nil {
		return Status{}, err
	}
	var path dbus.ObjectPath
	if err := m.obj.CallWithContext(ctx, managerIface+".LoadUnit", 0, name).Store(&path); err != nil {
		return Status{}, fmt.Errorf("systemd unit %s: load: %w", name, err)
	}
	var props map[string]dbus.Variant
	err = m.conn.Object(busName, path).CallWithContext(ctx, "org.freedesktop.DBus.Properties.GetAll", 0, unitIface).Store(&props)
	if err != nil {
		return Status{}, fmt.Errorf("systemd unit %s: properties: %w", name, err)
	}
	st := Status{Unit: name}
	for key, dst := range map[string]*string{"LoadState": &st.LoadState, "ActiveState": &st.ActiveState, "SubState": &st.SubState} {
		v, ok := props[key].Value().(string)
		if !ok {
			return Status{}, fmt.Errorf("systemd unit %s: property %s missing or not a string", name, key)
		}
		*dst = v
	}
	return st, nil
}
