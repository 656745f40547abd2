package dummy

import (
	"context"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/ocf"
)

func TestConformance(t *testing.T) {
	for _, name := range []string{"fence_exec_dummy", "fence_exec_dummy_no_reboot", "fence_exec_dummy_no_on", "fence_exec_dummy_auto_unfence"} {
		t.Run(name, func(t *testing.T) {
			agenttest.Run(t, agenttest.Config{
				Agent:  New(),
				Name:   name,
				Params: map[string]string{"mode": "pass", "mock_dynamic_hosts": "n6 n7", "delay": "0"},
				Target: "node1",
			})
		})
	}
}

func run(t *testing.T, name, stdin string) agenttest.Result {
	t.Helper()
	return agenttest.Exec(context.Background(), New(), name, stdin, nil)
}

// TestContract checks Pacemaker's fence_dummy contract: exit codes by mode,
// list from mock_dynamic_hosts, validate-all by delay.
func TestContract(t *testing.T) {
	cases := []struct {
		stdin string
		code  int
		out   string
	}{
		{"action=off\nmode=pass\nport=n1\n", 0, ""},
		{"action=reboot\nmode=fail\nport=n1\n", 1, ""},
		{"action=monitor\nmode=fail\n", 0, ""},
		{"action=monitor\nmonitor_mode=fail\n", 1, ""},
		{"action=list\nmock_dynamic_hosts=a b c\n", 0, "a b c\n"},
		{"action=list\n", 1, ""},
		{"action=validate-all\n", 1, ""},
		{"action=validate-all\ndelay=5\n", 0, ""},
		{"action=validate-all\ndelay=15\n", 1, ""},
		{"action=on\nmode=sometimes\n", 1, ""},
	}
	for _, c := range cases {
		r := run(t, "fence_exec_dummy", c.stdin)
		if r.Code != c.code || r.Stdout != c.out {
			t.Errorf("%q: %v; want exit %d, stdout %q", c.stdin, r, c.code, c.out)
		}
	}
}

// TestRandom: mode=random (the default) gives both outcomes.
func TestRandom(t *testing.T) {
	seen := map[int]bool{}
	for i := 0; i < 200 && len(seen) < 2; i++ {
		seen[run(t, "fence_exec_dummy", "action=on\nport=n1\n").Code] = true
	}
	if !seen[0] || !seen[1] {
		t.Errorf("200 random runs gave exit codes %v, want 0 and 1", seen)
	}
}

// TestVariants checks the actions each name advertises.
func TestVariants(t *testing.T) {
	a := New()
	want := map[string]string{
		"fence_exec_dummy":              `<action name="on" automatic="0" />`,
		"fence_exec_dummy_auto_unfence": `<action name="on" automatic="1" />`,
	}
	for name, line := range want {
		r := run(t, name, "action=metadata\n")
		if !strings.Contains(r.Stdout, line) {
			t.Errorf("%s metadata lacks %s", name, line)
		}
	}
	if a.Metadata("fence_exec_dummy_no_on").Has(ocf.ActionOn) || !a.Metadata("fence_exec_dummy_no_on").Has(ocf.ActionReboot) {
		t.Error("_no_on: wrong actions")
	}
	if a.Metadata("fence_exec_dummy_no_reboot").Has(ocf.ActionReboot) {
		t.Error("_no_reboot advertises reboot")
	}
	if r := run(t, "fence_exec_dummy_no_reboot", "action=reboot\nmode=pass\nport=n1\n"); r.Code != 1 {
		t.Errorf("reboot through _no_reboot: %v, want a failure", r)
	}
}
