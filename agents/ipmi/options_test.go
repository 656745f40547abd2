package ipmi

import (
	"context"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/ocf"
)

// TestPortAsIP: with port_as_ip the plug is the BMC's address, so the BMC
// named by plug is fenced and the one at ip is not touched.
func TestPortAsIP(t *testing.T) {
	a := startBMC(t, testUser, testPass)
	port, _ := strconv.Atoi(a.port)
	b := startBMCOn(t, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 3), Port: port}, testUser, testPass)
	p := params(a.port, "port_as_ip", "1")
	p["plug"] = "127.0.0.3"
	r := agenttest.Exec(context.Background(), New(), "fence_exec_ipmi", agenttest.Stdin(ocf.ActionOff, p), nil)
	if r.Code != 0 || r.Stdout != "Success: Powered OFF\n" {
		t.Fatalf("off with port_as_ip: %v", r)
	}
	if pa, _ := a.Power(); pa != ocf.PowerOn || len(a.Events()) != 0 {
		t.Error("the BMC that plug does not name was touched")
	}
	if pb, _ := b.Power(); pb != ocf.PowerOff {
		t.Error("the BMC that plug names is still on")
	}
	delete(p, "plug")
	if r := agenttest.Exec(context.Background(), New(), "fence_exec_ipmi", agenttest.Stdin(ocf.ActionOff, p), nil); r.Code != 0 {
		t.Errorf("port_as_ip without plug fences ip: %v", r)
	}
	if pa, _ := a.Power(); pa != ocf.PowerOff {
		t.Error("port_as_ip without plug: the BMC at ip is still on")
	}
	p["plug"] = "127.0.0.1,127.0.0.3"
	if r := agenttest.Exec(context.Background(), New(), "fence_exec_ipmi", agenttest.Stdin(ocf.ActionOff, p), nil); r.Code != 1 || !strings.Contains(r.Stderr, "several plugs") {
		t.Errorf("two BMCs in plug: %v", r)
	}
}

// TestListNotice: list and list-status answer fence_ipmilan's notice
// without contacting the BMC, and are not advertised.
func TestListNotice(t *testing.T) {
	port := silentPeer(t, nil)
	for _, a := range []ocf.Action{ocf.ActionList, ocf.ActionListStatus} {
		r := agenttest.Exec(context.Background(), New(), "fence_exec_ipmi", agenttest.Stdin(a, params(port)), nil)
		if r.Code != 0 || r.Stdout != "NOTICE: List option is not working on this device yet\n" {
			t.Errorf("%s: %v", a, r)
		}
		if New().Metadata("fence_exec_ipmi").Has(a) {
			t.Errorf("%s advertised", a)
		}
	}
}

// TestCycleFromOff: a reboot with method=cycle of a chassis that is off
// sends the cycle, as fence_ipmilan does; go-ipmi's BMC leaves the power
// as it is, so the agent waits in vain for on.
func TestCycleFromOff(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	bmc.set(t, ocf.PowerOff)
	r := run(t, ocf.ActionReboot, params(bmc.port, "method", "cycle", "power_timeout", "0.3"))
	if ev := bmc.Events(); !slices.Equal(ev, []string{"cycle"}) || r.Code != 1 || !strings.Contains(r.Stderr, "timed out waiting to power ON") {
		t.Errorf("reboot -m cycle from off: events %v, %v", ev, r)
	}
}

// TestValidatedBeforeDelay: a run that cannot work fails before the delay
// (the context is cancelled, so a delay would fail as interrupted).
func TestValidatedBeforeDelay(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := params("623", "delay", "5")
	delete(p, "ip")
	r := agenttest.Exec(ctx, New(), "fence_exec_ipmi", agenttest.Stdin(ocf.ActionOff, p), nil)
	if r.Code != 1 || !strings.Contains(r.Stderr, "parameter ip: required") {
		t.Errorf("off with a delay and no ip: %v", r)
	}
}

// TestHugeRetries: retry_on near the integer limit does not overflow the
// run's time budget.
func TestHugeRetries(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	for _, n := range []string{"9223372036854775806", "9223372036854775807", "-5"} {
		if r := run(t, ocf.ActionStatus, params(bmc.port, "retry_on", n)); r.Code != 0 || r.Stdout != "Status: ON\n" {
			t.Errorf("retry_on=%s: %v", n, r)
		}
		if r := run(t, ocf.ActionOn, params(bmc.port, "retry_on", n)); r.Code != 0 {
			t.Errorf("on with retry_on=%s: %v", n, r)
		}
	}
}

// TestUnsupportedOptions: options that would change the target or the
// authentication are refused before anything is sent; those that change
// nothing are ignored with a warning.
func TestUnsupportedOptions(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	for _, kv := range [][]string{{"target", "0x20"}, {"hexadecimal_kg", "00112233"}} {
		r := run(t, ocf.ActionOff, params(bmc.port, kv...))
		if r.Code != 1 || !strings.Contains(r.Stderr, "parameter "+kv[0]+": not supported by this agent") || strings.Contains(r.Stderr, "00112233") {
			t.Errorf("%s: %v", kv[0], r)
		}
	}
	if ev := bmc.Events(); len(ev) != 0 {
		t.Errorf("a refused run changed the power: %v", ev)
	}
	r := run(t, ocf.ActionStatus, params(bmc.port, "ipmitool_path", "/opt/ipmitool", "use_sudo", "1"))
	if r.Code != 0 || !strings.Contains(r.Stderr, "WARNING: parameter ipmitool_path ignored") || !strings.Contains(r.Stderr, "WARNING: parameter use_sudo ignored") {
		t.Errorf("ignored options: %v", r)
	}
	if r := run(t, ocf.ActionDiag, params(bmc.port)); r.Code != 1 || !strings.Contains(r.Stderr, "action diag: not supported") {
		t.Errorf("diag: %v", r)
	}
}
