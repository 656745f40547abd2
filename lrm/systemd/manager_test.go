package systemd

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/lrm"
)

// newManager starts a private bus with a fake systemd serving units, and
// returns a Manager talking to it over its own connection.
func newManager(t *testing.T, units map[string]*fakeUnit) (*Manager, *fakeSystemd) {
	t.Helper()
	addr := peertest.DBus(t)
	f := startFakeSystemd(t, addr, units)
	m, err := New(context.Background(), connect(t, addr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m, f
}

func TestStartStopStatus(t *testing.T) {
	m, f := newManager(t, map[string]*fakeUnit{"web.service": {active: "inactive", sub: "dead"}})
	ctx := context.Background()
	check := func(step string, wantActive string, wantCode int) {
		t.Helper()
		st, err := m.Status(ctx, "web")
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		code, settled := st.OCF()
		if st.Unit != "web.service" || st.LoadState != "loaded" || st.ActiveState != wantActive || code != wantCode || !settled {
			t.Fatalf("%s: status %+v, OCF %d settled %v; want %s, %d", step, st, code, settled, wantActive, wantCode)
		}
	}
	check("before start", "inactive", lrm.OCFNotRunning)
	if err := m.Start(ctx, "web"); err != nil {
		t.Fatal(err)
	}
	check("after start", "active", lrm.OCFSuccess)
	if err := m.Stop(ctx, "web.service"); err != nil {
		t.Fatal(err)
	}
	check("after stop", "inactive", lrm.OCFNotRunning)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subs != 1 {
		t.Errorf("Subscribe called %d times, want 1", f.subs)
	}
}

func TestFailedStop(t *testing.T) {
	m, _ := newManager(t, map[string]*fakeUnit{
		"stuck.service": {active: "active", sub: "running", stopResult: "failed"},
		"bad.service":   {active: "inactive", sub: "dead", startResult: "dependency"},
	})
	ctx := context.Background()
	var je *JobError
	if err := m.Stop(ctx, "stuck"); !errors.As(err, &je) || je.Op != "stop" || je.Result != "failed" {
		t.Fatalf("stop of a unit that fails to stop: %v, want a failed stop job", err)
	}
	if st, _ := m.Status(ctx, "stuck"); st.ActiveState != "failed" {
		t.Errorf("after failed stop: %+v", st)
	}
	if err := m.Start(ctx, "bad"); !errors.As(err, &je) || je.Result != "dependency" {
		t.Errorf("start with a failed dependency: %v", err)
	}
}

func TestMissingUnitAndTimeout(t *testing.T) {
	m, _ := newManager(t, map[string]*fakeUnit{"slow.service": {active: "inactive", sub: "dead", hang: true}})
	ctx := context.Background()
	st, err := m.Status(ctx, "nosuch")
	if err != nil {
		t.Fatal(err)
	}
	if code, settled := st.OCF(); st.LoadState != "not-found" || code != lrm.OCFErrInstalled || !settled {
		t.Errorf("missing unit: %+v, OCF %d", st, code)
	}
	if err := m.Start(ctx, "nosuch"); err == nil {
		t.Error("start of a missing unit succeeded")
	}
	tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := m.Start(tctx, "slow"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("start of a unit whose job never ends: %v, want deadline exceeded", err)
	}
}

func TestUnitName(t *testing.T) {
	good := map[string]string{"web": "web.service", "getty@tty1": "getty@tty1.service", "x.socket": "x.socket",
		"sys-dev\\x2dblock.device": "sys-dev\\x2dblock.device"}
	for in, want := range good {
		if got, err := UnitName(in); err != nil || got != want {
			t.Errorf("UnitName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "../etc/passwd", "a b", "web;reboot", ".service", "@x", "x/y.service", string(make([]byte, 300))} {
		if _, err := UnitName(bad); err == nil {
			t.Errorf("UnitName(%q) accepted", bad)
		}
	}
}
