package cib

import (
	"strings"
	"testing"
	"time"
)

// FuzzFencingParams feeds the fencing parameter readers arbitrary text as
// host lists, host maps, delays, timeouts, retries, limits and durations:
// they never panic, list entries are node names, a host map's nodes are
// found again, durations are never negative nor above the cap, delays
// respect their bounds, and the agent arguments never carry the fencer's
// own parameters.
func FuzzFencingParams(f *testing.F) {
	for _, s := range []string{"node1 node2", "node3:3;node4=plug4 node5:5,6", `a\:b:1`, `n1:p\`, "n1:1s;n2:5", "60s",
		"1m", "PT90S", "P2D", "1,node1\n2,node2,ON\nUnknown variable", "", ":", "=x;", "1.5h", "10msec", "-3", "x\\ny"} {
		f.Add(s, "node1")
	}
	f.Fuzz(func(t *testing.T, s, target string) {
		for _, tok := range ParseTargets(s) {
			if tok == "" || strings.EqualFold(tok, "on") || strings.EqualFold(tok, "off") ||
				strings.IndexFunc(tok, func(r rune) bool { return !isHostNameChar(r) }) >= 0 {
				t.Fatalf("entry %q from %q", tok, s)
			}
		}
		if d, err := ParseInterval(s); d < 0 || d > maxIntervalMS*time.Millisecond || (err != nil && d != 0) {
			t.Fatalf("ParseInterval(%q) = %v, %v", s, d, err)
		}
		params := map[string]string{"pcmk_host_map": s, "pcmk_host_list": s, "pcmk_delay_base": s, "pcmk_delay_max": s,
			"pcmk_reboot_timeout": s, "pcmk_reboot_retries": s, "pcmk_action_limit": s, "pcmk_host_argument": s, "action": s,
			"port": s}
		d := NewFenceDevice(&Resource{ID: "d", Type: "fence_x", Instance: params})
		entries, _ := scanHostMap(s)
		for _, e := range entries {
			if !d.InStaticList(e.name) {
				t.Fatalf("host map %q: node %q not admitted", s, e.name)
			}
		}
		if base, maxDelay := d.Delays("reboot", target); base < 0 || base > maxDelay {
			t.Fatalf("delays %d-%d from %q", base, maxDelay, s)
		}
		if d.Attempts("reboot") < 1 || d.ActionLimit() == 0 || d.Timeout("reboot", time.Minute) <= 0 {
			t.Fatalf("attempts %d, limit %d, timeout %v from %q", d.Attempts("reboot"), d.ActionLimit(), d.Timeout("reboot", time.Minute), s)
		}
		for k := range d.AgentArgs(AgentInfo{Known: true, HostArg: "port"}, target, "3") {
			if IsFencerParam(k) || k == "action" {
				t.Fatalf("the agent would receive %s", k)
			}
		}
		_ = HostMapProblems(s)
	})
}

// FuzzTopology registers arbitrary levels: the fencer's table never
// panics and every entry it keeps has a key and levels 1 to 9.
func FuzzTopology(f *testing.F) {
	f.Add("node1", "1", "a,b", "node[0-9]", "rack", "1")
	f.Add("", "", "", "(", "", "")
	f.Fuzz(func(t *testing.T, target, index, devices, pattern, attr, value string) {
		levels := []FencingLevel{
			{ID: "l1", Attrs: map[string]string{"id": "l1", "target": target, "index": index, "devices": devices}},
			{ID: "l2", Attrs: map[string]string{"id": "l2", "target-pattern": pattern, "index": index, "devices": devices}},
			{ID: "l3", Attrs: map[string]string{"id": "l3", "target-attribute": attr, "target-value": value, "index": "2"}},
			{ID: "l4", Attrs: map[string]string{"id": "l4", "target": target}},
		}
		top := NewTopology(levels)
		for _, e := range top.Entries() {
			for _, l := range e.Levels() {
				if l.Index < 1 || l.Index > 9 {
					t.Fatalf("level %d kept", l.Index)
				}
			}
		}
		_ = top.For(target, []Node{{Uname: target, Pairs: []NVPair{{Name: attr, Value: value}}}})
	})
}
