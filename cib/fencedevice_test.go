package cib

import (
	"maps"
	"testing"
	"time"
)

// These cases follow Pacemaker 2.1.5's fencer line by line (make_args,
// build_port_aliases, get_action_delay_base, pcmk_stonith_param,
// get_action_limit, crm_element_value_int); TestPlanMatchesPacemakerFencer
// (lrm/fencer) checks the same semantics end to end against the running
// fencer.

func device(params ...string) *FenceDevice {
	m := map[string]string{}
	for i := 0; i+1 < len(params); i += 2 {
		m[params[i]] = params[i+1]
	}
	return NewFenceDevice(&Resource{ID: "d", Type: "fence_x", Instance: m})
}

func TestAgentArgs(t *testing.T) {
	port := AgentInfo{Known: true, HostArg: "port", NodeID: true}
	cases := []struct {
		dev  *FenceDevice
		info AgentInfo
		want map[string]string
	}{
		{device("ip", "10.0.0.1", "pcmk_host_list", "n1"), port, map[string]string{"ip": "10.0.0.1", "nodename": "n1", "port": "n1", "nodeid": "3"}},
		{device("pcmk_host_map", `n1:p\:1`), AgentInfo{Known: true, HostArg: "plug"}, map[string]string{"nodename": "n1", "plug": "p:1"}},
		{device("pcmk_host_argument", "none"), port, map[string]string{"nodename": "n1", "nodeid": "3"}},
		{device("pcmk_host_argument", "NONE"), port, map[string]string{"nodename": "n1", "nodeid": "3"}},
		{device("port", "fixed"), port, map[string]string{"nodename": "n1", "port": "fixed", "nodeid": "3"}},
		{device("port", "dynamic"), port, map[string]string{"nodename": "n1", "port": "dynamic", "nodeid": "3"}},
		{device("nodeid", "9"), port, map[string]string{"nodename": "n1", "port": "n1", "nodeid": "9"}},
		{device("nodename", "mine"), AgentInfo{}, map[string]string{"nodename": "mine", "port": "n1"}},
		{device("CRM_meta_timeout", "1", "crm_feature_set", "3", "ACTION", "x", "pcmk_off_retries", "2", "pcmk_foo_bar_action", "y",
			"provides", "unfencing", "stonith-timeout", "5"), AgentInfo{}, map[string]string{"nodename": "n1", "port": "n1", "pcmk_foo_bar_action": "y"}},
	}
	for i, c := range cases {
		if got := c.dev.AgentArgs(c.info, "n1", "3"); !maps.Equal(got, c.want) {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
	if got := device("ip", "x").AgentArgs(AgentInfo{}, "", ""); !maps.Equal(got, map[string]string{"ip": "x"}) {
		t.Errorf("target-less: %v", got)
	}
}

func TestHostMap(t *testing.T) {
	d := device("pcmk_host_map", "n1:1;N2=two n3:3,4\tn4:a:b n5::x")
	for target, want := range map[string]string{"n1": "1", "n2": "two", "N3": "3,4", "a": "b", "n5": "x"} {
		if got, ok := d.Alias(target); !ok || got != want {
			t.Errorf("alias of %s: %q %v, want %q", target, got, ok, want)
		}
	}
	if !d.InStaticList("3,4") || d.InStaticList("n4") {
		t.Error("the static list holds the ports, and the nodes the map names")
	}
	if _, ok := device("pcmk_host_map", `n1:p\`).Alias("n1"); ok {
		t.Error("a final backslash loses the last entry")
	}
	if p := HostMapProblems("n1:1;junk n2:2"); len(p) != 1 {
		t.Errorf("problems %q", p)
	}
}

func TestDelays(t *testing.T) {
	cases := []struct {
		base, maxDelay, target string
		wantBase, wantMax      int
	}{
		{"5s", "", "n1", 5, 5},
		{"n1:2;n:7", "10", "n10", 2, 10}, // the first name that starts the target
		{"node:7;n1:2", "", "n1", 2, 2},
		{"node:7;n2:2", "", "n1", 0, 0}, // no name starts the target: 0
		{"5;10", "", "n1", 5, 5},        // what strtok leaves: the first token
		{"3", "1", "n1", 1, 1},          // max below base lowers base
		{"n1:", "", "n1", 0, 0},
	}
	for _, c := range cases {
		d := device("pcmk_delay_base", c.base, "pcmk_delay_max", c.maxDelay)
		if c.maxDelay == "" {
			d = device("pcmk_delay_base", c.base)
		}
		if b, m := d.Delays("off", c.target); b != c.wantBase || m != c.wantMax {
			t.Errorf("base %q max %q for %s: %d-%d, want %d-%d", c.base, c.maxDelay, c.target, b, m, c.wantBase, c.wantMax)
		}
	}
	if b, m := device("pcmk_delay_base", "5").Delays("on", "n1"); b != 0 || m != 0 {
		t.Error("on is never delayed")
	}
}

func TestDeviceNumbers(t *testing.T) {
	for v, want := range map[string]int{"0": 1, "-1": -1, "-5": -1, "two": 1, "3": 3, " 2x": 2} {
		if got := device("pcmk_action_limit", v).ActionLimit(); got != want {
			t.Errorf("pcmk_action_limit=%q: %d, want %d", v, got, want)
		}
	}
	for v, want := range map[string]int{"0": 1, "-2": 1, "x": 1, "5": 5, "3tries": 3} {
		if got := device("pcmk_reboot_retries", v).Attempts("reboot"); got != want {
			t.Errorf("pcmk_reboot_retries=%q: %d, want %d", v, got, want)
		}
	}
	if got := device().Attempts("off"); got != DefaultAttempts {
		t.Errorf("default attempts %d", got)
	}
	for v, want := range map[string]time.Duration{"2min": 2 * time.Minute, "PT90S": 90 * time.Second, "0": time.Minute, "x": time.Minute} {
		if got := device("pcmk_off_timeout", v).Timeout("off", time.Minute); got != want {
			t.Errorf("pcmk_off_timeout=%q: %v, want %v", v, got, want)
		}
	}
}

func TestDeprecatedAction(t *testing.T) {
	d := device("action", "off")
	if _, ok := d.Params["action"]; ok || d.AgentAction("reboot") != "off" || d.AgentAction("off") != "off" {
		t.Errorf("action=off: %v", d.Params)
	}
	d = device("action", "cycle", "pcmk_off_action", "poweroff")
	if d.AgentAction("off") != "poweroff" || d.AgentAction("reboot") != "cycle" || len(d.Notes) != 2 {
		t.Errorf("action=cycle: %v %q", d.Params, d.Notes)
	}
	if d := device("action", "reboot"); len(d.Params) != 0 {
		t.Errorf("action=reboot is ignored: %v", d.Params)
	}
}

func TestHostCheck(t *testing.T) {
	list := AgentInfo{Known: true, List: true, Status: true}
	cases := []struct {
		dev  *FenceDevice
		info AgentInfo
		want string
	}{
		{device("pcmk_host_list", ""), list, CheckStatic},
		{device("pcmk_host_map", "n1:1"), list, CheckStatic},
		{device(), list, CheckDynamic},
		{device(), AgentInfo{Known: true, Status: true}, CheckStatus},
		{device(), AgentInfo{}, CheckNone},
		{device("pcmk_host_check", "NONE", "pcmk_host_list", "x"), list, "NONE"},
	}
	for i, c := range cases {
		if got := c.dev.HostCheck(c.info); got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}

func TestLevelIndexAndKind(t *testing.T) {
	for v, want := range map[string]int{"1": 1, " 2": 2, "+3": 3, "4x": 4, "x": -1, "": -1, "-1": -1, "99999999999": -1} {
		got, _ := levelIndex(FencingLevel{Attrs: map[string]string{"index": v}})
		if got != want {
			t.Errorf("index %q: %d, want %d", v, got, want)
		}
	}
	for attrs, want := range map[[4]string][2]string{
		{"n1", "", "", ""}:       {ByName, "n1"},
		{"", "p", "", ""}:        {ByPattern, "p"},
		{"", "", "rack", "1"}:    {ByAttribute, "rack=1"},
		{"", "", "rack", "\x00"}: {"", ""},
	} {
		l := FencingLevel{Attrs: map[string]string{}}
		for i, k := range []string{"target", "target-pattern", "target-attribute", "target-value"} {
			if attrs[i] != "" && attrs[i] != "\x00" {
				l.Attrs[k] = attrs[i]
			}
		}
		if by, key := levelKind(l); by != want[0] || key != want[1] {
			t.Errorf("%v: %s %s, want %v", attrs, by, key, want)
		}
	}
}

func TestFencingOptions(t *testing.T) {
	m := &Model{Properties: map[string]string{"stonith-action": "OFF", "fencing-timeout": "90s", "stonith-max-attempts": "0",
		"concurrent-fencing": "maybe", "priority-fencing-delay": "PT15S", "fencing-reaction": "PANIC", "dc-deadtime": "2min"}}
	o := m.FencingOptions()
	if o.Action != FenceReboot || o.Timeout != 90*time.Second || o.DCDeadtime != 2*time.Minute || o.MaxAttempts != DefaultMaxAttempts || o.Concurrent ||
		o.PriorityDelay != 15 || o.Reaction != "panic" || !o.Enabled || len(o.Problems) != 3 {
		t.Errorf("%+v", o)
	}
	m.Properties = map[string]string{"stonith-action": "poweroff", "fencing-action": "reboot", "stonith-max-attempts": "INFINITY"}
	if o := m.FencingOptions(); o.Action != FenceOff || o.MaxAttempts != ScoreInfinity || o.DCDeadtime != DefaultDCDeadtime {
		t.Errorf("%+v", o)
	}
}
