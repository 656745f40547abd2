package redfishsim

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

const (
	user = "root"
	pass = "calvin-pw-1"
)

// fenceRedfish runs fence-agents' fence_redfish against s with stdin made
// of the base parameters and kv, trusting s's certificate.
func fenceRedfish(t *testing.T, s *Sim, kv ...string) peertest.Run {
	t.Helper()
	prog := peertest.Program(t, "fence_redfish")
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, s.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	lines := []string{"ip=" + s.Host, "ipport=" + s.Port, "username=" + user, "password=" + pass,
		"stonith_status_sleep=0", "power_timeout=20"}
	for i := 0; i+1 < len(kv); i += 2 {
		lines = append(lines, kv[i]+"="+kv[i+1])
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return peertest.RunProgram(ctx, t, prog, nil, strings.Join(lines, "\n")+"\n", "REQUESTS_CA_BUNDLE="+ca, "PYTHONWARNINGS=ignore")
}

func start(t *testing.T, cfg Config) *Sim {
	t.Helper()
	cfg.User, cfg.Password = user, pass
	s, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestFenceRedfish validates the simulator with the real fence_redfish:
// discovery, status, off, on, reboot, diag, a chosen system, with the
// certificate checked; every change confirmed through the transition
// states.
func TestFenceRedfish(t *testing.T) {
	s := start(t, Config{Systems: 1, Transition: 2})
	steps := []struct {
		action, stdout string
		code           int
		on             bool
		events         []string
	}{
		{"status", "Status: ON\n", 0, true, nil},
		{"off", "Success: Powered OFF\n", 0, false, []string{"1:ForceOff"}},
		{"status", "Status: OFF\n", 2, false, nil},
		{"off", "Success: Already OFF\n", 0, false, nil},
		{"on", "Success: Powered ON\n", 0, true, []string{"1:On"}},
		{"reboot", "Success: Rebooted\n", 0, true, []string{"1:ForceOff", "1:On"}},
		{"diag", "Success: Rebooted\n", 0, true, []string{"1:Nmi"}},
		{"monitor", "", 0, true, nil},
	}
	for _, st := range steps {
		r := fenceRedfish(t, s, "action", st.action)
		on, _ := s.Power(1)
		if r.Code != st.code || r.Stdout != st.stdout || on != st.on {
			t.Errorf("%s: power on %v: %v", st.action, on, r)
		}
		if ev := s.Events(); !slices.Equal(ev, st.events) {
			t.Errorf("%s: BMC carried out %q, want %q", st.action, ev, st.events)
		}
	}
	reqs := s.Requests()
	if !slices.Contains(reqs, "GET /redfish/v1 basic") || !slices.Contains(reqs, "GET /redfish/v1/Systems basic") ||
		!slices.Contains(reqs, "POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset basic") {
		t.Errorf("fence_redfish's requests: %q", reqs)
	}
}

// TestFenceRedfishSystemsURI: with two systems and systems_uri naming the
// second, only the second is switched off.
func TestFenceRedfishSystemsURI(t *testing.T) {
	s := start(t, Config{Systems: 2})
	r := fenceRedfish(t, s, "action", "off", "systems_uri", "/redfish/v1/Systems/2")
	one, _ := s.Power(1)
	two, _ := s.Power(2)
	if r.Code != 0 || !one || two {
		t.Errorf("off of system 2: system 1 on %v, system 2 on %v: %v", one, two, r)
	}
}

// TestFenceRedfishFaults: wrong credentials, garbage, an untrusted
// certificate and a sessions-only BMC make fence_redfish fail without a
// power change.
func TestFenceRedfishFaults(t *testing.T) {
	s := start(t, Config{})
	check := func(name string, r peertest.Run) {
		t.Helper()
		if on, _ := s.Power(1); r.Code != 1 || !on || len(s.Events()) != 0 {
			t.Errorf("%s: power on %v: %v", name, on, r)
		}
	}
	check("wrong password", fenceRedfish(t, s, "action", "off", "password", "wrong-pw-9"))
	s.SetFault(NoBasic)
	check("sessions only", fenceRedfish(t, s, "action", "off"))
	s.SetFault(Garbage)
	check("garbage", fenceRedfish(t, s, "action", "off"))
	s.SetFault(Healthy)
	untrusted := start(t, Config{})
	ca := filepath.Join(t.TempDir(), "other.pem")
	os.WriteFile(ca, untrusted.CertPEM, 0o600)
	r := peertest.RunProgram(context.Background(), t, peertest.Program(t, "fence_redfish"),
		[]string{"-a", s.Host, "-u", s.Port, "-l", user, "-p", pass, "-o", "off"}, "", "REQUESTS_CA_BUNDLE="+ca)
	check("untrusted certificate", r)
	if r := fenceRedfish(t, s, "action", "status", "ssl_insecure", "1"); r.Code != 0 {
		t.Errorf("ssl_insecure: %v", r)
	}
}

// TestSessions: a session is created with the right credentials only,
// its token authenticates, and logging out ends it.
func TestSessions(t *testing.T) {
	s := start(t, Config{})
	c := s.srv.Client()
	login := func(pw string) (int, string, string) {
		resp, err := c.Post(s.URL+sessions, "application/json", strings.NewReader(`{"UserName":"`+user+`","Password":"`+pw+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("X-Auth-Token"), resp.Header.Get("Location")
	}
	if code, tok, _ := login("nope"); code != 401 || tok != "" {
		t.Errorf("bad login: %d %q", code, tok)
	}
	code, tok, loc := login(pass)
	if code != 201 || tok == "" || s.Sessions() != 1 {
		t.Fatalf("login: %d %q, %d sessions", code, tok, s.Sessions())
	}
	do := func(method, path string) int {
		req, _ := newRequest(method, s.URL+path, tok)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := do("GET", systems+"/1"); code != 200 {
		t.Errorf("GET with the token: %d", code)
	}
	if code := do("DELETE", loc); code != 204 || s.Sessions() != 0 {
		t.Errorf("logout: %d, %d sessions", code, s.Sessions())
	}
	if code := do("GET", systems+"/1"); code != 401 {
		t.Errorf("GET with an ended session: %d", code)
	}
}

func newRequest(method, url, token string) (*http.Request, error) {
	req, err := http.NewRequest(method, url, nil)
	if err == nil {
		req.Header.Set("X-Auth-Token", token)
	}
	return req, err
}

// TestOnPower: the hook sees every change of power, and only changes.
func TestOnPower(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	s := start(t, Config{OnPower: func(id int, on bool) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, fmt.Sprintf("%d:%v", id, on))
	}})
	for _, st := range []string{"off", "off", "on", "reboot", "diag"} {
		fenceRedfish(t, s, "action", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"1:false", "1:true", "1:false", "1:true"}; !slices.Equal(seen, want) {
		t.Errorf("hook saw %q, want %q", seen, want)
	}
}
