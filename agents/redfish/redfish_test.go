package redfish

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/ocf"
)

// TestConformance runs the kit against the simulated BMC, with basic
// authentication and with sessions only, each change passing through the
// transition states.
func TestConformance(t *testing.T) {
	for _, fault := range []redfishsim.Fault{redfishsim.Healthy, redfishsim.NoBasic} {
		t.Run(map[redfishsim.Fault]string{redfishsim.Healthy: "basic", redfishsim.NoBasic: "session"}[fault], func(t *testing.T) {
			s := startSim(t, redfishsim.Config{Transition: 2})
			s.SetFault(fault)
			agenttest.Run(t, agenttest.Config{
				Agent: &Agent{RootCAs: s.Roots}, Name: "fence_exec_redfish", Target: "node1",
				Params: params(s), Power: power(s),
			})
			if n := s.Sessions(); n != 0 {
				t.Errorf("%d sessions left open", n)
			}
		})
	}
}

// TestResetTypes: off, on and reboot send fence_redfish's reset types, and
// diag an NMI.
func TestResetTypes(t *testing.T) {
	s := startSim(t, redfishsim.Config{Transition: 1})
	for _, c := range []struct {
		action ocf.Action
		stdout string
		events []string
	}{
		{ocf.ActionOff, "Success: Powered OFF\n", []string{"1:ForceOff"}},
		{ocf.ActionOn, "Success: Powered ON\n", []string{"1:On"}},
		{ocf.ActionReboot, "Success: Rebooted\n", []string{"1:ForceOff", "1:On"}},
		{ocf.ActionDiag, "Success: Diagnostic interrupt (NMI) sent\n", []string{"1:Nmi"}},
	} {
		r := run(t, s, c.action, params(s))
		if ev := s.Events(); r.Code != 0 || r.Stdout != c.stdout || !slices.Equal(ev, c.events) {
			t.Errorf("%s: BMC saw %q: %v", c.action, ev, r)
		}
	}
}

// TestSystems: discovery takes the only system, systems_uri picks one of
// several, and several without systems_uri is refused untouched.
func TestSystems(t *testing.T) {
	s := startSim(t, redfishsim.Config{Systems: 2})
	if r := run(t, s, ocf.ActionOff, params(s)); r.Code != 1 || !strings.Contains(r.Stderr, "choose one with systems_uri") {
		t.Errorf("off with two systems and no systems_uri: %v", r)
	}
	if r := run(t, s, ocf.ActionOff, params(s, "systems_uri", "/redfish/v1/Systems/2")); r.Code != 0 {
		t.Errorf("off of system 2: %v", r)
	}
	if one, _ := s.Power(1); !one || slices.Compare(s.Events(), []string{"2:ForceOff"}) != 0 {
		t.Errorf("system 1 on %v; want only system 2 switched off", one)
	}
	if r := run(t, s, ocf.ActionStatus, params(s, "systems_uri", "/redfish/v1/Systems/9")); r.Code != 1 || !strings.Contains(r.Stderr, "404") {
		t.Errorf("status of a missing system: %v", r)
	}
}

// TestAddressForms: the BMC given as ip=host:port and as plug with
// port_as_ip.
func TestAddressForms(t *testing.T) {
	s := startSim(t, redfishsim.Config{})
	p := params(s, "ip", s.Host+":"+s.Port, "ipport", "1")
	if r := run(t, s, ocf.ActionStatus, p); r.Code != 0 {
		t.Errorf("ip=host:port: %v", r)
	}
	p = params(s, "ip", "unused.invalid", "port_as_ip", "1", "plug", s.Host)
	if r := run(t, s, ocf.ActionStatus, p); r.Code != 0 {
		t.Errorf("port_as_ip: %v", r)
	}
}

// TestCertificate: the certificate is checked unless ssl_insecure is set.
func TestCertificate(t *testing.T) {
	s := startSim(t, redfishsim.Config{})
	other := startSim(t, redfishsim.Config{})
	p := params(s)
	r := agenttest.Exec(t.Context(), &Agent{RootCAs: other.Roots}, "fence_exec_redfish", agenttest.Stdin(ocf.ActionOff, p), nil)
	if on, _ := s.Power(1); r.Code != 1 || !on || !strings.Contains(r.Stderr, "ssl_insecure=1") {
		t.Errorf("off with an untrusted certificate: power on %v: %v", on, r)
	}
	for _, v := range []string{"0", "no"} {
		p["ssl_insecure"] = v
		if r := agenttest.Exec(t.Context(), New(), "fence_exec_redfish", agenttest.Stdin(ocf.ActionStatus, p), nil); r.Code != 1 {
			t.Errorf("ssl_insecure=%s trusted an unknown certificate: %v", v, r)
		}
	}
	p["ssl_insecure"] = "1"
	if r := agenttest.Exec(t.Context(), New(), "fence_exec_redfish", agenttest.Stdin(ocf.ActionStatus, p), nil); r.Code != 0 {
		t.Errorf("ssl_insecure=1: %v", r)
	}
}

// TestPasswordScript: the password comes from the script, and the
// secrets kit finds it in no output.
func TestPasswordScript(t *testing.T) {
	s := startSim(t, redfishsim.Config{})
	f := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(f, []byte(testPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := params(s, "password_script", "cat "+f)
	delete(p, "password")
	agenttest.Run(t, agenttest.Config{
		Agent: &Agent{RootCAs: s.Roots}, Name: "fence_exec_redfish", Target: "node1",
		Params: p, Power: power(s), Secrets: []string{testPass},
	})
}

// TestBadParameters: each is refused before anything is sent, naming the
// parameter.
func TestBadParameters(t *testing.T) {
	s := startSim(t, redfishsim.Config{})
	for _, c := range []struct{ key, value, want string }{
		{"ip", "", "parameter ip"},
		{"ip", "bmc/../x", "parameter ip"},
		{"ip", "a b", "parameter ip"},
		{"ipport", "70000", "parameter ipport"},
		{"username", "", "parameter username"},
		{"systems_uri", "https://elsewhere/redfish/v1/Systems/1", "systems_uri"},
		{"systems_uri", "/redfish/v1/../../etc", "systems_uri"},
		{"redfish_uri", "/redfish/v1?x=1", "redfish_uri"},
		{"login_timeout", "0", "login_timeout"},
	} {
		p := params(s, c.key, c.value)
		if c.value == "" {
			delete(p, c.key)
		}
		r := run(t, s, ocf.ActionOff, p)
		if r.Code != 1 || !strings.Contains(r.Stderr, c.want) || strings.Count(r.Stderr, "\n") != 1 {
			t.Errorf("%s=%q: %v", c.key, c.value, r)
		}
	}
	p := params(s)
	delete(p, "password")
	if r := run(t, s, ocf.ActionOff, p); r.Code != 1 || !strings.Contains(r.Stderr, "password") {
		t.Errorf("no password: %v", r)
	}
	if reqs := s.Requests(); len(reqs) != 0 {
		t.Errorf("bad parameters reached the BMC: %q", reqs)
	}
}
