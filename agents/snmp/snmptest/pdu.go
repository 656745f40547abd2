package snmptest

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// PDU is an snmpd serving an emulated power switch.
type PDU struct {
	*Snmpd
	State string // the emulator's state file
}

// StartPDU builds pdusim's pass_persist program, writes st as the device
// and starts snmpd serving it with cfg (whose SysObjectID and Pass are
// set from st's kind).
func StartPDU(t testing.TB, st *pdusim.State, cfg Config) *PDU {
	t.Helper()
	k, ok := pdusim.Kinds[st.Kind]
	if !ok {
		t.Fatalf("pdusim has no kind %q", st.Kind)
	}
	dir := t.TempDir()
	prog := filepath.Join(dir, "passpersist")
	peertest.GoBuild(t, "./agents/apcsnmp/pdusim/passpersist", prog)
	p := &PDU{State: filepath.Join(dir, "state.json")}
	if err := st.Save(p.State); err != nil {
		t.Fatal(err)
	}
	cfg.SysObjectID = k.SysObjectID
	cfg.Pass = nil
	for _, root := range []string{".1.3.6.1.4.1.318", ".1.3.6.1.4.1.850"} {
		cfg.Pass = append(cfg.Pass, Pass{Root: root, Command: []string{prog, p.State}})
	}
	p.Snmpd = Start(t, cfg)
	return p
}

// Outlets returns n outlets named node1..nodeN on switch 1, all on.
func Outlets(n int) []*pdusim.Outlet {
	os := make([]*pdusim.Outlet, n)
	for i := range os {
		os[i] = &pdusim.Outlet{Switch: 1, Index: i + 1, Name: fmt.Sprintf("node%d", i+1), On: true}
	}
	return os
}

// Device reads the emulated device as it is now.
func (p *PDU) Device(t testing.TB) *pdusim.State {
	t.Helper()
	st, err := pdusim.Load(p.State)
	if err != nil {
		t.Fatal(err)
	}
	st.Settle(time.Now())
	return st
}

// Power reads the power of the outlet called name from the device side.
func (p *PDU) Power(name string) (ocf.Power, error) {
	st, err := pdusim.Load(p.State)
	if err != nil {
		return ocf.PowerOff, err
	}
	st.Settle(time.Now())
	o := st.Outlet(name)
	if o == nil {
		return ocf.PowerOff, fmt.Errorf("no outlet %q", name)
	}
	return ocf.Power(o.On), nil
}

// Update changes the device (faults, timing) between runs.
func (p *PDU) Update(t testing.TB, f func(*pdusim.State)) {
	t.Helper()
	if err := pdusim.Update(p.State, f); err != nil {
		t.Fatal(err)
	}
}
