package ipmi

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// parityCase is one run given to both agents: an action from a known power
// state, with the base parameters changed by kv ("-" deletes a key). key
// names the case in doc.go's list of deliberate differences.
type parityCase struct {
	key    string
	action string
	from   bool
	kv     []string
}

// outcome is what the parity matrix compares.
type outcome struct {
	code   int
	stdout string
	power  bool
	events string
}

// parityCases is the matrix: every action from on and from off over
// lanplus and lan, then the options one by one.
func parityCases(t *testing.T) []parityCase {
	var cs []parityCase
	for _, tr := range []struct{ name, lanplus string }{{"lanplus", "1"}, {"lan", "0"}} {
		for _, a := range []string{"status", "monitor", "on", "off", "reboot", "list", "list-status", "validate-all"} {
			for _, from := range []bool{true, false} {
				if !from && (a == "list" || a == "list-status" || a == "validate-all") {
					continue // the power plays no part
				}
				cs = append(cs, parityCase{tr.name + "/" + a, a, from, []string{"lanplus", tr.lanplus}})
			}
		}
		cs = append(cs, parityCase{tr.name + "/reboot-cycle", "reboot", true, []string{"lanplus", tr.lanplus, "method", "cycle"}})
	}
	cs = append(cs, parityCase{"lanplus/reboot-cycle", "reboot", false, []string{"method", "cycle"}})
	f := filepath.Join(t.TempDir(), "debug.log")
	return append(cs, []parityCase{
		{"wrong-password", "off", true, []string{"password", "wrong-pw-1"}},
		{"wrong-password-lan", "status", true, []string{"password", "wrong-pw-1", "lanplus", "0"}},
		{"wrong-user", "status", true, []string{"username", "nobody"}},
		{"no-user", "status", true, []string{"username", "-"}},
		{"no-password", "status", true, []string{"password", "-"}},
		{"password-script", "status", true, []string{"password", "-", "password_script", "echo " + simPass}},
		{"password-script-fails", "status", true, []string{"password", "-", "password_script", "exit 3"}},
		{"aliases", "off", true, []string{"ip", "-", "ipaddr", "127.0.0.1", "username", "-", "login", testUser, "password", "-", "passwd", simPass}},
		{"passwd-script", "status", false, []string{"password", "-", "passwd_script", "echo " + simPass}},
		{"quoted", "status", true, []string{"password", `"` + simPass + `"`}},
		{"port-as-ip", "off", true, []string{"ip", "127.0.0.9", "port_as_ip", "1", "plug", "127.0.0.1"}},
		{"port-as-ip-status", "status", false, []string{"ip", "127.0.0.9", "port_as_ip", "1", "plug", "127.0.0.1"}},
		{"port-as-ip-no-plug", "status", true, []string{"port_as_ip", "1", "plug", "-"}},
		{"port-as-ip-no-ip", "status", true, []string{"ip", "-", "port_as_ip", "1", "plug", "127.0.0.1"}},
		{"port-as-ip-off", "status", true, []string{"ip", "127.0.0.9", "port_as_ip", "0", "plug", "127.0.0.1"}},
		{"no-ip", "status", true, []string{"ip", "-"}},
		{"no-ip-delay", "off", true, []string{"ip", "-", "delay", "3"}},
		{"delay", "off", true, []string{"delay", "1"}},
		{"delay-status", "status", true, []string{"delay", "5"}},
		{"cipher-bad", "status", true, []string{"cipher", "99"}},
		{"method-bad", "reboot", true, []string{"method", "bogus"}},
		{"method-upper", "reboot", true, []string{"method", "CYCLE"}},
		{"privlvl-operator", "off", true, []string{"privlvl", "operator"}},
		{"privlvl-user", "status", true, []string{"privlvl", "user"}},
		{"privlvl-user-off", "off", true, []string{"privlvl", "user", "power_timeout", "1"}},
		{"privlvl-bad", "status", true, []string{"privlvl", "root"}},
		{"auth-md5", "status", true, []string{"lanplus", "0", "auth", "md5"}},
		{"auth-password", "status", true, []string{"lanplus", "0", "auth", "password"}},
		{"auth-none", "status", true, []string{"lanplus", "0", "auth", "none"}},
		{"lanplus-yes", "status", true, []string{"lanplus", "yes"}},
		{"lanplus-garbage", "status", true, []string{"lanplus", "2"}},
		{"retry-on-huge", "on", false, []string{"retry_on", "9223372036854775806"}},
		{"retry-on-zero", "reboot", true, []string{"retry_on", "0"}},
		{"retry-on-two", "on", false, []string{"retry_on", "2"}},
		{"unknown-options", "status", true, []string{"foo", "bar", "pcmk_host_list", "node1", "crm_feature_set", "3.16.2"}},
		{"verbose", "off", true, []string{"verbose", "1"}},
		{"verbose-level-bad", "status", true, []string{"verbose_level", "abc"}},
		{"quiet", "status", false, []string{"quiet", "1"}},
		{"debug-file", "status", true, []string{"debug_file", f}},
		{"target", "status", true, []string{"target", "0x20"}},
		{"hexadecimal-kg", "status", true, []string{"hexadecimal_kg", "00112233445566778899"}},
		{"ipmitool-path", "status", true, []string{"ipmitool_path", "/nonexistent/ipmitool"}},
		{"plug-list", "status", true, []string{"plug", "node1,node2"}},
		{"ipport-bad", "status", true, []string{"ipport", "0", "ipmitool_timeout", "1", "power_timeout", "2"}},
		{"ipmitool-timeout", "status", true, []string{"ipmitool_timeout", "1"}},
		{"power-timeout-zero", "off", true, []string{"power_timeout", "0"}},
		{"stonith-status-sleep", "off", true, []string{"stonith_status_sleep", "0"}},
		{"diag", "diag", true, nil},
		{"bogus-action", "bogus", true, nil},
		{"enable", "enable", false, nil},
		{"metadata", "meta-data", true, nil},
		{"metadata", "metadata", true, nil},
		{"metadata", "manpage", true, nil},
		{"no-action", "", true, nil},
	}...)
}

// TestParityFenceIpmilan runs the matrix through fence-agents'
// fence_ipmilan and the agent binary against one ipmi_sim, from the same
// power state with the same stdin, and compares the exit code, stdout,
// the final power state and the power changes the simulator logged. A
// case may differ only when its key is listed under "Deliberate
// differences" in doc.go, and every listed key must still differ.
func TestParityFenceIpmilan(t *testing.T) {
	t.Parallel()
	theirs := peertest.Program(t, "fence_ipmilan")
	ours := agentBinary(t)
	deliberate := deliberateDifferences(t)
	cases := parityCases(t)
	const shards = 2 // one simulator each, run side by side
	differ := make([]map[string]bool, shards)
	t.Run("matrix", func(t *testing.T) {
		for i := range shards {
			differ[i] = map[string]bool{}
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				sim := startSim(t)
				for j := i; j < len(cases); j += shards {
					c := cases[j]
					stdin := parityStdin(sim, c)
					them, us := runParity(t, sim, c, theirs, stdin), runParity(t, sim, c, ours, stdin)
					if them == us {
						continue
					}
					differ[i][c.key] = true
					if deliberate[c.key] == "" {
						t.Errorf("%s (%s from %v): fence_ipmilan %s, ours %s", c.key, c.action, onOff(c.from), them, us)
					}
				}
			})
		}
	})
	n := 0
	for key := range deliberate {
		if !differ[0][key] && !differ[1][key] {
			t.Errorf("doc.go lists %q as a deliberate difference, but the case does not differ (or does not exist)", key)
		}
		n++
	}
	t.Logf("%d cases, %d deliberate differences", len(cases), n)
}

// parityStdin is the base parameters (Pacemaker's way: plug and nodename
// too) with the case's changes.
func parityStdin(sim *peertest.IPMISim, c parityCase) string {
	p := agenttest.WithTarget(map[string]string{"ip": "127.0.0.1", "ipport": sim.Port, "username": testUser, "password": simPass,
		"lanplus": "1", "cipher": "3", "power_wait": "0", "power_timeout": "5"}, "node1")
	p["plug"] = p["port"]
	delete(p, "port")
	for i := 0; i+1 < len(c.kv); i += 2 {
		if c.kv[i+1] == "-" {
			delete(p, c.kv[i])
		} else {
			p[c.kv[i]] = c.kv[i+1]
		}
	}
	s := agenttest.Stdin(ocf.Action(c.action), p)
	if c.action == "" {
		s = strings.TrimPrefix(s, "action=\n")
	}
	return s
}

// runParity sets the simulator's power, runs one agent, waits for a power
// cycle the simulator finishes after the agent returned, and reads the
// outcome.
func runParity(t *testing.T, sim *peertest.IPMISim, c parityCase, agent, stdin string) outcome {
	t.Helper()
	sim.SetPower(t, c.from)
	cmd := exec.Command(agent)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "PYTHONWARNINGS=ignore")
	out, _ := cmd.Output()
	code := cmd.ProcessState.ExitCode()
	if slices.Contains(c.kv, "cycle") || slices.Contains(c.kv, "CYCLE") {
		settleCycle(t, sim)
	}
	on, err := sim.On()
	if err != nil {
		t.Fatal(err)
	}
	return outcome{code: code, stdout: string(out), power: on, events: strings.Join(sim.Events(t), ",")}
}

// settleCycle waits until a power cycle the simulator logged the off of
// has powered on again (ipmi_sim powers on one second after the off; a
// cycle's reply may come first).
func settleCycle(t *testing.T, sim *peertest.IPMISim) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ev := sim.Events(t)
		if len(ev) == 0 || ev[len(ev)-1] == "1" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the simulator never powered on after a cycle: events %v", ev)
		}
		<-tick.C
	}
}

func (o outcome) String() string {
	out := o.stdout
	if len(out) > 120 {
		out = out[:120] + "..."
	}
	return fmt.Sprintf("exit %d, stdout %q, power %s, events [%s]", o.code, out, onOff(o.power), o.events)
}

func onOff(on bool) string { return map[bool]string{true: "on", false: "off"}[on] }

// deliberateDifferences reads doc.go's list: under the "Deliberate
// differences" heading, lines "//   - key: why".
func deliberateDifferences(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, in := map[string]string{}, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "//")
		switch {
		case strings.HasPrefix(line, " # "):
			in = strings.HasPrefix(line, " # Deliberate differences")
		case in && strings.HasPrefix(line, "   - "):
			if key, why, ok := strings.Cut(strings.TrimPrefix(line, "   - "), ": "); ok {
				m[key] = why
			}
		}
	}
	return m
}
