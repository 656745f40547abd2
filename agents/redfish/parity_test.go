package redfish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/agents/redfish/redfishsim"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// parityCase is one row of the matrix: the same input to fence_redfish
// and to this agent, on two identical BMCs.
type parityCase struct {
	name  string
	stdin []string // key=value lines after the base parameters; nil with args
	args  []string // command-line options instead of stdin ({host} and {port} replaced)
	cfg   redfishsim.Config
	off   bool                    // the system starts powered off
	fault redfishsim.Fault        // played from the start
	trust bool                    // the client is told to trust the BMC's certificate
	diff  string                  // why the outcomes differ ("" when they must be the same)
	want  func(o, t outcome) bool // for a diff: the difference described
}

// outcome is what is compared: exit code, standard output, the power the
// BMC ends with and the resets it carried out.
type outcome struct {
	Code   int
	Stdout string
	On     bool
	Events string
}

func (o outcome) String() string {
	return fmt.Sprintf("exit %d, stdout %q, power on %v, resets [%s]", o.Code, o.Stdout, o.On, o.Events)
}

func stdinCase(name string, kv ...string) parityCase {
	return parityCase{name: name, stdin: kv, trust: true}
}

// parityCases are every action and every spelling of the options, and the
// faults both agents see.
func parityCases() []parityCase {
	cs := []parityCase{
		stdinCase("status", "action=status"),
		{name: "status off", stdin: []string{"action=status"}, off: true, trust: true},
		stdinCase("off", "action=off"),
		{name: "off already off", stdin: []string{"action=off"}, off: true, trust: true},
		stdinCase("on already on", "action=on"),
		{name: "on", stdin: []string{"action=on"}, off: true, trust: true},
		stdinCase("reboot", "action=reboot"),
		{name: "reboot from off", stdin: []string{"action=reboot"}, off: true, trust: true},
		stdinCase("default action is reboot"),
		stdinCase("monitor", "action=monitor"),
		stdinCase("validate-all", "action=validate-all"),
		stdinCase("unknown action", "action=explode"),
		stdinCase("old names", "action=off", "ipaddr=127.0.0.1", "login="+testUser, "passwd="+testPass),
		stdinCase("systems-uri", "action=off", "systems-uri=/redfish/v1/Systems/1"),
		stdinCase("systems_uri", "action=off", "systems_uri=/redfish/v1/Systems/1"),
		stdinCase("redfish-uri", "action=status", "redfish-uri=/redfish/v1"),
		stdinCase("redfish_uri wrong", "action=status", "redfish_uri=/nothing/here"),
		stdinCase("ip:port", "action=off", "ip=127.0.0.1:{port}", "ipport=9"),
		stdinCase("port_as_ip", "action=off", "ip=", "port_as_ip=1", "port=127.0.0.1"),
		stdinCase("ssl=0 still https", "action=status", "ssl=0"),
		stdinCase("ssl_secure", "action=status", "ssl_secure=1"),
		stdinCase("password_script", "action=off", "password=", "password_script=cat {pwfile}"),
		stdinCase("passwd_script", "action=off", "password=", "passwd_script=cat {pwfile}"),
		stdinCase("verbose", "action=status", "verbose=1"),
		stdinCase("quiet", "action=off", "quiet=1"),
		stdinCase("power_wait", "action=off", "power_wait=1"),
		stdinCase("delay", "action=off", "delay=1"),
		stdinCase("no username", "action=off", "username="),
		stdinCase("no password", "action=off", "password="),
		stdinCase("no ip", "action=off", "ip="),
		stdinCase("wrong password", "action=off", "password=wrong-pw-7"),
		stdinCase("wrong user", "action=off", "username=nobody"),
		{name: "untrusted certificate", stdin: []string{"action=off"}},
		{name: "untrusted ssl_insecure", stdin: []string{"action=off", "ssl_insecure=1"}},
		{name: "garbage", stdin: []string{"action=off"}, fault: redfishsim.Garbage, trust: true},
		{name: "reset ignored", stdin: []string{"action=off", "power_timeout=1"}, fault: redfishsim.Ignore, trust: true},
		{name: "two systems with systems_uri", stdin: []string{"action=off", "systems_uri=/redfish/v1/Systems/2"}, cfg: redfishsim.Config{Systems: 2}, trust: true},
		{name: "argv short", args: []string{"-o", "off", "-a", "{host}", "-u", "{port}", "-l", testUser, "-p", testPass}, trust: true},
		{name: "argv long", args: []string{"--action=off", "--ip={host}", "--ipport={port}", "--username=" + testUser, "--password=" + testPass, "--systems-uri=/redfish/v1/Systems/1", "--redfish-uri=/redfish/v1"}, trust: true},
		{name: "argv status", args: []string{"--action", "status", "--ip", "{host}", "--ipport", "{port}", "-l", testUser, "-S", "cat {pwfile}"}, trust: true},
		{name: "argv ssl-insecure", args: []string{"-o", "status", "-a", "{host}", "-u", "{port}", "-l", testUser, "-p", testPass, "--ssl-insecure", "-z"}},
		{name: "argv port-as-ip", args: []string{"-o", "off", "--port-as-ip", "-n", "{host}", "-u", "{port}", "-l", testUser, "-p", testPass}, trust: true},
	}
	return append(cs, parityDiffs()...)
}

// parityDiffs are the deliberate differences, each as the package
// documentation lists it.
func parityDiffs() []parityCase {
	return []parityCase{
		{name: "diag", stdin: []string{"action=diag"}, trust: true,
			diff: "diag says what it did instead of Success: Rebooted",
			want: func(o, t outcome) bool {
				return o.Code == 0 && t.Code == 0 && o.Events == t.Events && o.Stdout == "Success: Diagnostic interrupt (NMI) sent\n" && t.Stdout == "Success: Rebooted\n"
			}},
		{name: "diag powered off", stdin: []string{"action=diag"}, off: true, trust: true,
			diff: "diag fails when the BMC refuses the NMI; fence_redfish does not read the answer",
			want: func(o, t outcome) bool { return o.Code == 1 && t.Code == 0 && o.Events == "" && t.Events == "" }},
		{name: "disable is refused", stdin: []string{"action=disable"}, trust: true},
		{name: "sessions only", stdin: []string{"action=off"}, fault: redfishsim.NoBasic, trust: true,
			diff: "a BMC refusing basic authentication is reached through a session",
			want: func(o, t outcome) bool { return o.Code == 0 && !o.On && t.Code == 1 && t.On }},
		{name: "two systems", stdin: []string{"action=off"}, cfg: redfishsim.Config{Systems: 2}, trust: true,
			diff: "several systems without systems_uri are refused; fence_redfish fences the last one",
			want: func(o, t outcome) bool {
				return o.Code == 1 && o.Events == "" && t.Code == 0 && t.Events == "2:ForceOff"
			}},
		{name: "reset refused", stdin: []string{"action=off", "power_timeout=2"}, fault: redfishsim.Refuse, trust: true,
			diff: "a refused reset fails at once with the BMC's message; fence_redfish polls until power_timeout",
			want: func(o, t outcome) bool { return o.Code == 1 && t.Code == 1 && o.On && t.On }},
		{name: "ssl_insecure=0", stdin: []string{"action=off", "ssl_insecure=0"},
			diff: "ssl_insecure=0 keeps the certificate check; fence_redfish skips it for any value",
			want: func(o, t outcome) bool { return o.Code == 1 && o.On && t.Code == 0 && !t.On }},
	}
}

// TestParity runs every case through fence_redfish and through the
// agent: equal outcomes, or exactly the documented difference.
func TestParity(t *testing.T) {
	theirs := peertest.Program(t, "fence_redfish")
	pwfile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwfile, []byte(testPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range parityCases() {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			ours := runCase(t, c, pwfile, func(s *redfishsim.Sim, stdin string, args []string) (int, string) {
				a := New()
				if c.trust {
					a.RootCAs = s.Roots
				}
				r := agenttest.Exec(t.Context(), a, "fence_exec_redfish", stdin, args)
				if r.Code != 0 && r.Code != 2 && !strings.Contains(r.Stderr, "Failed: ") {
					t.Errorf("failed without saying why: %v", r)
				}
				return r.Code, r.Stdout
			})
			them := runCase(t, c, pwfile, func(s *redfishsim.Sim, stdin string, args []string) (int, string) {
				env := []string{"PYTHONWARNINGS=ignore"}
				if c.trust {
					env = append(env, "REQUESTS_CA_BUNDLE="+caFile(t, s))
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				r := peertest.RunProgram(ctx, t, theirs, args, stdin, env...)
				return r.Code, r.Stdout
			})
			switch {
			case c.diff == "" && ours != them:
				t.Errorf("fence_redfish: %v\nours:          %v", them, ours)
			case c.diff != "" && !c.want(ours, them):
				t.Errorf("the documented difference (%s) no longer holds:\nfence_redfish: %v\nours:          %v", c.diff, them, ours)
			}
		})
	}
}

// runCase sets up a BMC for c, runs one agent through run with c's input,
// and returns the outcome.
func runCase(t *testing.T, c parityCase, pwfile string, run func(s *redfishsim.Sim, stdin string, args []string) (int, string)) outcome {
	t.Helper()
	s := startSim(t, c.cfg)
	if c.off {
		s.SetPower(1, false)
	}
	s.SetFault(c.fault)
	fill := strings.NewReplacer("{host}", s.Host, "{port}", s.Port, "{pwfile}", pwfile).Replace
	var stdin string
	var args []string
	if c.args != nil {
		for _, a := range c.args {
			args = append(args, fill(a))
		}
	} else {
		kv := map[string]string{}
		for k, v := range params(s) {
			kv[k] = v
		}
		delete(kv, "login_timeout")
		delete(kv, "shell_timeout")
		for _, line := range c.stdin {
			k, v, _ := strings.Cut(fill(line), "=")
			if v == "" {
				delete(kv, k)
			} else {
				kv[k] = v
			}
		}
		action := kv["action"]
		delete(kv, "action")
		stdin = agenttest.Stdin("", kv)
		stdin = strings.TrimPrefix(stdin, "action=\n")
		if action != "" {
			stdin = "action=" + action + "\n" + stdin
		}
	}
	code, stdout := run(s, stdin, args)
	on, _ := s.Power(1)
	if c.cfg.Systems == 2 {
		on, _ = s.Power(2)
	}
	s.SetFault(redfishsim.Healthy)
	return outcome{Code: code, Stdout: stdout, On: on, Events: strings.Join(s.Events(), " ")}
}
