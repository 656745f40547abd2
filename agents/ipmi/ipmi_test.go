package ipmi

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

const (
	testUser = "admin"
	testPass = "s3cret-pw"
)

func params(port string, extra ...string) map[string]string {
	m := map[string]string{"ip": "127.0.0.1", "ipport": port, "username": testUser, "password": testPass,
		"lanplus": "1", "power_wait": "0", "stonith_status_sleep": "0.05", "power_timeout": "5", "login_timeout": "3", "ipmitool_timeout": "1"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return m
}

func run(t *testing.T, action ocf.Action, p map[string]string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, New(), "fence_exec_ipmi", agenttest.Stdin(action, agenttest.WithTarget(p, "node1")), nil)
}

// TestConformance runs the kit against go-ipmi's BMC, over lanplus and lan.
func TestConformance(t *testing.T) {
	for _, lanplus := range []string{"1", "0"} {
		t.Run("lanplus="+lanplus, func(t *testing.T) {
			bmc := startBMC(t, testUser, testPass)
			agenttest.Run(t, agenttest.Config{
				Agent: New(), Name: "fence_exec_ipmi", Target: "node1",
				Params: params(bmc.port, "lanplus", lanplus), Power: bmc.Power, Counterpart: "fence_ipmilan",
			})
		})
	}
}

// TestRebootIsOffThenOn checks the BMC saw off and then on, and that
// method=cycle sends one cycle command.
func TestRebootIsOffThenOn(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	if r := run(t, ocf.ActionReboot, params(bmc.port)); r.Code != 0 || r.Stdout != "Success: Rebooted\n" {
		t.Fatalf("reboot: %v", r)
	}
	if ev := bmc.Events(); !slices.Equal(ev, []string{"off", "on"}) {
		t.Errorf("power changes %v, want off then on", ev)
	}
	if r := run(t, ocf.ActionReboot, params(bmc.port, "method", "cycle")); r.Code != 0 {
		t.Fatalf("reboot -m cycle: %v", r)
	}
	if ev := bmc.Events(); !slices.Equal(ev, []string{"cycle"}) {
		t.Errorf("reboot -m cycle: power changes %v, want one cycle", ev)
	}
}

// TestUnconfirmedPower: a BMC that acknowledges power off but stays on
// must not produce a success.
func TestUnconfirmedPower(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	bmc.Ignore(true)
	for _, a := range []ocf.Action{ocf.ActionOff, ocf.ActionReboot} {
		r := run(t, a, params(bmc.port, "power_timeout", "0.5"))
		if r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, "timed out waiting to power OFF") {
			t.Errorf("%s with a BMC that ignores it: %v", a, r)
		}
	}
	if p, _ := bmc.Power(); p != ocf.PowerOn {
		t.Error("power changed")
	}
}

// TestWrongPassword: exit 1, nothing touched, the password not shown.
func TestWrongPassword(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	for _, lanplus := range []string{"1", "0"} {
		r := run(t, ocf.ActionOff, params(bmc.port, "password", "wrong-pw-123", "lanplus", lanplus))
		if r.Code != ocf.ExitFailure || strings.Contains(r.Stdout+r.Stderr, "wrong-pw-123") {
			t.Errorf("lanplus=%s: %v", lanplus, r)
		}
	}
	if ev := bmc.Events(); len(ev) != 0 {
		t.Errorf("power changed with a wrong password: %v", ev)
	}
}

// TestPasswordScript: the script's output is the password and a secret.
func TestPasswordScript(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	p := params(bmc.port, "password_script", "echo "+testPass)
	delete(p, "password")
	r := run(t, ocf.ActionStatus, p)
	if r.Code != 0 || r.Stdout != "Status: ON\n" || strings.Contains(r.Stderr, testPass) {
		t.Errorf("status via password_script: %v", r)
	}
	p["password_script"] = "exit 4"
	if r := run(t, ocf.ActionStatus, p); r.Code != ocf.ExitFailure {
		t.Errorf("failing password_script: %v", r)
	}
}

// TestFaultyBMC: unreachable, hung and garbling BMCs fail within the
// login timeout.
func TestFaultyBMC(t *testing.T) {
	garbage := func(in []byte) []byte {
		out := make([]byte, 1+rand.IntN(len(in)+64))
		for i := range out {
			out[i] = byte(rand.IntN(256))
		}
		if len(in) > 4 && rand.IntN(2) == 0 { // keep the RMCP header sometimes, to get past the first checks
			copy(out, in[:4])
		}
		return out
	}
	peers := map[string]string{"unreachable": peertest.FreeUDPPort(t), "hung": silentPeer(t, nil), "garbage": silentPeer(t, garbage)}
	for name, port := range peers {
		for _, lanplus := range []string{"1", "0"} {
			start := time.Now()
			r := run(t, ocf.ActionOff, params(port, "login_timeout", "2", "lanplus", lanplus))
			if r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, "Failed: bmc 127.0.0.1:"+port) {
				t.Errorf("%s BMC, lanplus=%s: %v", name, lanplus, r)
			}
			if el := time.Since(start); el > 3*time.Second {
				t.Errorf("%s BMC, lanplus=%s: failed after %v, want within login_timeout 2s", name, lanplus, el)
			}
		}
	}
}

// TestBadParams: refused before any packet is sent.
func TestBadParams(t *testing.T) {
	port := silentPeer(t, nil)
	for _, kv := range [][]string{{"ip", ""}, {"ip", "a b"}, {"ipport", "0"}, {"ipport", "70000"}, {"cipher", "99"},
		{"hexadecimal_kg", "0011"}, {"target", "0x20"}, {"username", strings.Repeat("u", 17)}, {"password", strings.Repeat("p", 21)}} {
		start := time.Now()
		r := run(t, ocf.ActionStatus, params(port, kv...))
		if r.Code != ocf.ExitFailure || time.Since(start) > time.Second {
			t.Errorf("%s=%q: %v", kv[0], kv[1], r)
		}
	}
}
