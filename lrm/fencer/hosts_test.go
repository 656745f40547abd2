package fencer

import (
	"maps"
	"slices"
	"testing"
)

// TestAgentParams checks the target keys against what Pacemaker 2.1.5's
// fencer passed an agent (../shared/reference/pacemaker-fencer.md, section
// 1.8, observed with pacemaker-fenced -s): pcmk_host_map
// "node3:3;node4=plug4 node5:5,6" gives port=3, port=plug4 and port=5,6;
// pcmk_host_argument=plug gives plug=node7, none gives no port, and a
// fixed port wins. pcmk_* keys never reach the agent.
func TestAgentParams(t *testing.T) {
	m := map[string]string{"pcmk_host_map": `node3:3;node4=plug4 node5:5,6`, "ipaddr": "10.0.0.1", "pcmk_off_timeout": "30s"}
	for target, port := range map[string]string{"node3": "3", "NODE4": "plug4", "node5": "5,6", "node6": "node6"} {
		got := (&Device{Params: m}).AgentParams(target)
		want := map[string]string{"ipaddr": "10.0.0.1", "nodename": target, "port": port}
		if !maps.Equal(got, want) {
			t.Errorf("%s: %v, want %v", target, got, want)
		}
	}
	cases := []struct {
		params map[string]string
		key    string
		want   string
	}{
		{map[string]string{"pcmk_host_argument": "plug"}, "plug", "node7"},
		{map[string]string{"pcmk_host_argument": "none"}, "port", ""},
		{map[string]string{"port": "fixedport"}, "port", "fixedport"},
		{map[string]string{"port": "dynamic"}, "port", "node7"},
	}
	for _, c := range cases {
		if got := (&Device{Params: c.params}).AgentParams("node7")[c.key]; got != c.want {
			t.Errorf("%v: %s=%q, want %q", c.params, c.key, got, c.want)
		}
	}
	if got := (&Device{Params: m}).AgentParams(""); !maps.Equal(got, map[string]string{"ipaddr": "10.0.0.1"}) {
		t.Errorf("target-less action: %v", got)
	}
}

// TestParseTargets follows the parser rules of section 1.5 of the
// reference: fence-agents' "port,alias" list lines give both names, on/off
// tokens and lines with "invalid" or "variable" are dropped, tokens stop
// at the first character outside [A-Za-z0-9_.-].
func TestParseTargets(t *testing.T) {
	got := ParseTargets("1,node1\n2,node2,ON\nUnknown variable x\ninvalid line\nnode3;node4 node5:5\\nnode6")
	want := []string{"1", "node1", "2", "node2", "node3", "node4", "node5", "node6"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestHostCheckDefault follows section 2.3: host list or map means
// static-list, else list support means dynamic-list, else status, else
// none; an explicit value wins.
func TestHostCheckDefault(t *testing.T) {
	cases := []struct {
		params       map[string]string
		list, status bool
		want         string
	}{
		{map[string]string{"pcmk_host_list": "a"}, true, true, CheckStatic},
		{map[string]string{"pcmk_host_map": "a:1"}, true, true, CheckStatic},
		{nil, true, true, CheckDynamic},
		{nil, false, true, CheckStatus},
		{nil, false, false, CheckNone},
		{map[string]string{"pcmk_host_list": "a", "pcmk_host_check": "Dynamic-List"}, true, true, CheckDynamic},
	}
	for _, c := range cases {
		if got := (&Device{Params: c.params}).HostCheck(c.list, c.status); got != c.want {
			t.Errorf("%v list=%v status=%v: %s, want %s", c.params, c.list, c.status, got, c.want)
		}
	}
	d := &Device{Params: map[string]string{"pcmk_host_list": "node1", "pcmk_host_map": "node2:7"}}
	for target, want := range map[string]bool{"NODE1": true, "node2": true, "7": true, "node3": false} {
		if got := d.InStaticList(target); got != want {
			t.Errorf("static list has %s: %v, want %v", target, got, want)
		}
	}
}
