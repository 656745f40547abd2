package ifmib

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/ocf"
)

// TestConformance runs the kit against snmpd's IF-MIB of a namespace
// whose ports are real (veth) interfaces, by name over v2c and v3 and by
// ifIndex over v1.
func TestConformance(t *testing.T) {
	f := startFabric(t)
	for _, c := range []struct {
		name, target string
		extra        []string
	}{{"v2c", "s2", nil}, {"v3", "s2", v3}, {"v1-ifindex", strconv.Itoa(f.indexes["s3"]), []string{"snmp_version", "1"}}} {
		t.Run(c.name, func(t *testing.T) {
			port := "s2"
			if c.name == "v1-ifindex" {
				port = "s3"
			}
			agenttest.Run(t, agenttest.Config{Agent: New(), Name: name, Target: c.target, Params: params(f, c.extra...),
				Power: func() (ocf.Power, error) { return f.power(port) }})
		})
	}
}

// TestFabric: off downs only the named port in the kernel, on brings it
// back, enable and disable are on and off, list names every interface.
func TestFabric(t *testing.T) {
	f := startFabric(t)
	if r := run(t, ocf.ActionOff, params(f), "s1"); r.Code != 0 || r.Stdout != "Success: Powered OFF\n" {
		t.Fatalf("off: %v", r)
	}
	if f.mustPower(t, "s1") != ocf.PowerOff || f.mustPower(t, "s2") != ocf.PowerOn {
		t.Errorf("after off s1: s1 %v, s2 %v", f.mustPower(t, "s1"), f.mustPower(t, "s2"))
	}
	if r := run(t, ocf.ActionStatus, params(f), "s1"); r.Code != ocf.ExitOff || r.Stdout != "Status: OFF\n" {
		t.Errorf("status of a down port: %v", r)
	}
	if r := run(t, "enable", params(f), "s1"); r.Code != 0 || f.mustPower(t, "s1") != ocf.PowerOn {
		t.Errorf("enable: %v", r)
	}
	if r := run(t, "disable", params(f), strconv.Itoa(f.indexes["s1"])); r.Code != 0 || f.mustPower(t, "s1") != ocf.PowerOff {
		t.Errorf("disable by ifIndex: %v", r)
	}
	f.setAdmin(t, "s1", true)
	r := run(t, ocf.ActionList, params(f), "")
	for _, want := range []string{"lo,", "s1,", "s2,", "s3,"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("list lacks %q: %v", want, r)
		}
	}
	if r := run(t, ocf.ActionReboot, params(f), "s1"); r.Code != ocf.ExitFailure || f.mustPower(t, "s1") != ocf.PowerOn {
		t.Errorf("reboot, which fabric fencing has not: %v", r)
	}
	if r := run(t, ocf.ActionOff, params(f), "nosuchport"); r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, `no interface named "nosuchport"`) {
		t.Errorf("off of an unknown port: %v", r)
	}
}

// TestFaults: a wrong community, a hung and a stopped snmpd fail within
// the request budget and leave the port up.
func TestFaults(t *testing.T) {
	f := startFabric(t)
	check := func(what string, m map[string]string) {
		t.Helper()
		for _, a := range []ocf.Action{ocf.ActionOff, ocf.ActionStatus} {
			start := time.Now()
			r := run(t, a, m, "s2")
			if r.Code != ocf.ExitFailure || strings.Contains(r.Stdout, "Success") || strings.Contains(r.Stdout+r.Stderr, community) {
				t.Errorf("%s: %s: %v", what, a, r)
			}
			if el := time.Since(start); el > 4*time.Second {
				t.Errorf("%s: %s failed after %v, beyond the 2s request budget", what, a, el)
			}
		}
		if f.mustPower(t, "s2") != ocf.PowerOn {
			t.Errorf("%s: s2 went down", what)
		}
	}
	check("wrong community", params(f, "community", "wrong-community-1"))
	wrong := params(f, v3...)
	wrong["password"] = "wrong-passphrase-3"
	check("wrong v3 passphrase", wrong)
	f.Signal(t, syscall.SIGSTOP)
	check("hung snmpd", params(f))
	f.Signal(t, syscall.SIGCONT)
	f.Stop()
	check("stopped snmpd", params(f))
	m := params(f)
	m["ipport"] = snmptest.Garbage(t).Port
	check("garbage peer", m)
}
