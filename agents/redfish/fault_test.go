package redfish

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// TestFaults: a BMC that is down, hung, garbling, refusing the
// credentials or the reset, or acknowledging a reset it never carries out
// makes off and reboot fail with a reason, by the agent's own timeouts
// (the test's context is far longer), with the power untouched and no
// success printed.
func TestFaults(t *testing.T) {
	cases := []struct {
		name  string
		fault redfishsim.Fault
		extra []string
		want  string
	}{
		{"down", redfishsim.Healthy, []string{"ipport", peertest.FreeTCPPort(t)}, "connection refused"},
		{"not TLS", redfishsim.Healthy, []string{"ipport", plainPeer(t)}, "HTTP response to HTTPS client"},
		{"hung", redfishsim.Hang, []string{"login_timeout", "0.5", "shell_timeout", "0.5"}, "no answer within 1s"},
		{"garbage", redfishsim.Garbage, nil, "not a Redfish resource"},
		{"wrong password", redfishsim.Healthy, []string{"password", "wrong-pw-123"}, "wrong username or password"},
		{"wrong password, sessions only", redfishsim.NoBasic, []string{"password", "wrong-pw-123"}, "wrong username or password"},
		{"reset refused", redfishsim.Refuse, nil, "500 Internal Server Error: The request failed"},
		{"reset ignored", redfishsim.Ignore, []string{"power_timeout", "0.5"}, "timed out waiting to power OFF"},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			s := startSim(t, redfishsim.Config{})
			s.SetFault(c.fault)
			for _, a := range []ocf.Action{ocf.ActionOff, ocf.ActionReboot} {
				r := run(t, s, a, params(s, c.extra...))
				on, _ := s.Power(1)
				if r.Code != ocf.ExitFailure || !on || strings.Contains(r.Stdout, "Success") || !strings.Contains(r.Stderr, c.want) {
					t.Errorf("%s: power on %v, want a failure saying %q: %v", a, on, c.want, r)
				}
				if strings.Contains(r.Stdout+r.Stderr, "wrong-pw-123") || strings.Contains(r.Stdout+r.Stderr, testPass) {
					t.Errorf("%s: a password was printed", a)
				}
			}
		})
	}
}

// TestSlowBMC: a BMC slower than usual but within the timeouts is fenced.
func TestSlowBMC(t *testing.T) {
	s := startSim(t, redfishsim.Config{Transition: 1})
	s.SetDelay(200 * time.Millisecond)
	if r := run(t, s, ocf.ActionOff, params(s)); r.Code != 0 {
		t.Errorf("off: %v", r)
	}
	if on, _ := s.Power(1); on {
		t.Error("off succeeded but the BMC says on")
	}
}

// plainPeer is a TCP server answering in plain HTTP where TLS is expected.
func plainPeer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("HTTP/1.0 200 OK\r\n\r\n{\"PowerState\": \"Off\"}\n"))
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}
