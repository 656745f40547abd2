package fencer

import (
	"strings"
	"testing"
)

// FuzzHostParams feeds the parsers of pcmk_host_list, pcmk_host_map,
// pcmk_delay_base and intervals with arbitrary text: they never panic,
// list tokens are node names, and every host map key resolves.
func FuzzHostParams(f *testing.F) {
	for _, s := range []string{"node1 node2", "node3:3;node4=plug4 node5:5,6", `a\:b:1`, "n1:1s;n2:5", "60s", "1m",
		"1,node1\n2,node2,ON\nUnknown variable", "", ":", "=x;", "1.5h", "10msec"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range ParseTargets(s) {
			if tok == "" || strings.EqualFold(tok, "on") || strings.EqualFold(tok, "off") {
				t.Fatalf("token %q from %q", tok, s)
			}
			for _, r := range tok {
				if !nameRune(r) {
					t.Fatalf("token %q from %q holds %q", tok, s, r)
				}
			}
		}
		d := &Device{Params: map[string]string{"pcmk_host_map": s, "pcmk_delay_base": s, "pcmk_delay_max": s}}
		for k := range ParseHostMap(s) {
			if k == "" || k != strings.ToLower(k) || !d.InStaticList(k) {
				t.Fatalf("host map %q: key %q", s, k)
			}
		}
		if delay := d.Delay("node1", nil); delay < 0 {
			t.Fatalf("negative delay %v from %q", delay, s)
		}
		if v, err := ParseInterval(s); err == nil && v < 0 && !strings.Contains(s, "-") {
			t.Fatalf("interval %q: %v", s, v)
		}
		_ = d.AgentParams("node1")
	})
}
