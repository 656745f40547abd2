package apcsnmp

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/apcsnmp/pdusim"
	"github.com/executioner-ha/executioner/agents/snmp/snmptest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// requestBudget is what one request may take with the test timing
// (shell_timeout 1 + login_timeout 1).
const requestBudget = 2 * time.Second

// slack is what a run may take beyond its budget on a busy machine.
const slack = 2 * time.Second

// failsWithin runs off and status of node2 and checks each fails
// (exit 1, never a success line) within limit, and that node2 stayed on.
func failsWithin(t *testing.T, what string, p *snmptest.PDU, m map[string]string, limit time.Duration, want string) {
	t.Helper()
	for _, a := range []ocf.Action{ocf.ActionOff, ocf.ActionStatus} {
		start := time.Now()
		r := run(t, a, m, "node2")
		if r.Code != ocf.ExitFailure || strings.Contains(r.Stdout, "Success") || !strings.Contains(r.Stderr, want) {
			t.Errorf("%s: %s: %v, want a failure saying %q", what, a, r, want)
		}
		if el := time.Since(start); el > limit {
			t.Errorf("%s: %s failed after %v, beyond %v", what, a, el, limit)
		}
		for _, s := range []string{community, v3Auth, v3Priv} {
			if strings.Contains(r.Stdout+r.Stderr, s) {
				t.Errorf("%s: %s printed a secret: %v", what, a, r)
			}
		}
	}
	if p != nil && power(t, p, "node2") != ocf.PowerOn {
		t.Errorf("%s: node2 was switched off", what)
	}
}

// TestWrongCredentials: a wrong community goes unanswered (as SNMP agents
// do) and fails after the request budget; wrong v3 credentials are
// reported by the agent (a report PDU or an unauthentic answer) and fail
// too.
func TestWrongCredentials(t *testing.T) {
	t.Parallel()
	p := startPDU(t, "rpdu")
	failsWithin(t, "wrong community", p, params(p, "community", "wrong-community-1"), requestBudget+slack, "no answer within 2s")
	failsWithin(t, "wrong community v2c", p, params(p, "community", "wrong-community-1", "snmp_version", "2c"), requestBudget+slack, "no answer")
	wrong := params(p, v3...)
	wrong["password"] = "wrong-passphrase-3"
	failsWithin(t, "wrong v3 passphrase", p, wrong, requestBudget+slack, "snmp 127.0.0.1:"+p.Port)
	unknown := params(p, v3...)
	unknown["username"] = "nosuchuser"
	failsWithin(t, "unknown v3 user", p, unknown, requestBudget+slack, "snmp 127.0.0.1:"+p.Port)
	noauth := params(p, "snmp_version", "3", "username", v3User)
	failsWithin(t, "v3 user below its security level", p, noauth, requestBudget+slack, "snmp 127.0.0.1:"+p.Port)
}

// TestUnconfirmed: a switch that accepts commands but does not switch
// never gives a success, and one that answers undefined states is not
// taken for off.
func TestUnconfirmed(t *testing.T) {
	t.Parallel()
	p := startPDU(t, "rpdu")
	p.Update(t, func(s *pdusim.State) { s.Ignore = true })
	for _, a := range []ocf.Action{ocf.ActionOff, ocf.ActionReboot} {
		r := run(t, a, params(p, "power_timeout", "0.5"), "node2")
		if r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, "timed out waiting to power OFF") {
			t.Errorf("%s with a switch that ignores it: %v", a, r)
		}
	}
	p.Update(t, func(s *pdusim.State) { s.Ignore, s.Garbage = false, true })
	failsWithin(t, "undefined outlet state", p, params(p, "power_timeout", "0.5"), 10*time.Second, "is neither on (1) nor off (2)")
	if o := p.Device(t).Outlet("node2"); o.Offs != 0 {
		t.Errorf("the outlet went off %d times", o.Offs)
	}
}

// TestFaultyDevice: a hung snmpd, a stopped one, a peer that never
// answers and one answering garbage all fail within the request budget.
func TestFaultyDevice(t *testing.T) {
	t.Parallel()
	p := startPDU(t, "rpdu")
	p.Signal(t, syscall.SIGSTOP)
	failsWithin(t, "hung snmpd", nil, params(p), requestBudget+slack, "no answer within 2s")
	p.Signal(t, syscall.SIGCONT)
	p.Stop()
	failsWithin(t, "stopped snmpd", nil, params(p), requestBudget+slack, "snmp 127.0.0.1:"+p.Port)
	for what, port := range map[string]string{"silent peer": snmptest.Silent(t).Port, "garbage peer": snmptest.Garbage(t).Port,
		"nothing listening": peertest.FreeUDPPort(t)} {
		m := params(p)
		m["ipport"] = port
		failsWithin(t, what, nil, m, requestBudget+slack, "snmp 127.0.0.1:"+port)
		m = params(p, v3...)
		m["ipport"] = port
		failsWithin(t, what+" v3", nil, m, requestBudget+slack, "snmp 127.0.0.1:"+port)
	}
}

// TestBadParams: refused before anything is sent.
func TestBadParams(t *testing.T) {
	peer := snmptest.Silent(t)
	port := peer.Port
	for _, kv := range [][]string{{"ip", ""}, {"ip", "a b"}, {"ipport", "0"}, {"ipport", "70000"}, {"community", ""},
		{"snmp_version", "4"}, {"snmp_version", "3"}, {"snmp_version", "3", "username", v3User, "password", "short", "snmp_sec_level", "authNoPriv"},
		{"snmp_version", "3", "username", v3User, "password", v3Auth, "snmp_sec_level", "authPriv"},
		{"snmp_version", "3", "username", v3User, "password_script", "exit 3", "snmp_sec_level", "authNoPriv"}} {
		m := map[string]string{"ip": "127.0.0.1", "ipport": port, "community": community}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		r := run(t, ocf.ActionStatus, m, "node1")
		if r.Code != ocf.ExitFailure || peer.Requests() != 0 {
			t.Errorf("%q: %v; %d requests sent", kv, r, peer.Requests())
		}
	}
}
