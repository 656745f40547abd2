package clustertest

import (
	"encoding/json"
	"slices"
	"testing"
)

// Lines of Pacemaker 2.1.5's pacemaker.log, as the scheduler and the
// fencers of rig clusters wrote them (a PDU fencing node3 for a dead BMC).
var fencerLog = []struct {
	line string
	want fencerLine
}{
	{"Dec 01 21:52:03.596 node2 pacemaker-fenced    [49] (handle_fence_request) \tnotice: Client pacemaker-controld.53 wants to fence (reboot) node3 using any device",
		fencerLine{node: "node2", kind: "request", action: "reboot", target: "node3"}},
	{"Dec 01 21:52:03.600 node1 pacemaker-fenced    [53] (can_fence_host_with_device) \tinfo: pdu is eligible to fence (reboot) node3 (as '6233'): static-list",
		fencerLine{node: "node1", kind: "eligible", action: "reboot", target: "node3", device: "pdu"}},
	{"Dec 01 21:52:03.600 node1 pacemaker-fenced    [53] (can_fence_host_with_device) \tinfo: fence-node3 is eligible to fence (reboot) node3: static-list",
		fencerLine{node: "node1", kind: "eligible", action: "reboot", target: "node3", device: "fence-node3"}},
	{"Dec 01 21:52:12.660 node1 pacemaker-fenced    [53] (log_async_result) \terror: Operation 'reboot' [309] targeting node3 using fence-node3 returned 1 | call 6 from pacemaker-controld.53",
		fencerLine{node: "node1", kind: "attempt", action: "reboot", target: "node3", device: "fence-node3", result: "1"}},
	{"Dec 01 21:52:16.948 node1 pacemaker-fenced    [53] (log_async_result) \tnotice: Operation 'reboot' [329] targeting node3 using pdu returned 0 | call 6 from pacemaker-controld.53",
		fencerLine{node: "node1", kind: "attempt", action: "reboot", target: "node3", device: "pdu", result: "0"}},
	{"Dec 01 22:36:31.568 node1 pacemaker-schedulerd[55] (log_list_item) \tnotice: Actions: Fence (reboot) node3 'peer is no longer part of the cluster'",
		fencerLine{node: "node1", kind: "scheduled", action: "reboot", target: "node3"}},
	{"Dec 01 22:36:31.568 node1 pacemaker-schedulerd[55] (pcmk__log_transition_summary) \twarning: Calculated transition 5 (with warnings), saving inputs in /var/lib/pacemaker/pengine/pe-warn-1.bz2",
		fencerLine{node: "node1", kind: "transition", input: "/var/lib/pacemaker/pengine/pe-warn-1.bz2"}},
	{"Dec 01 22:36:15.560 node1 pacemaker-schedulerd[55] (pcmk__log_transition_summary) \tnotice: Calculated transition 3, saving inputs in /var/lib/pacemaker/pengine/pe-input-2.bz2",
		fencerLine{node: "node1", kind: "transition", input: "/var/lib/pacemaker/pengine/pe-input-2.bz2"}},
	{"Dec 01 21:52:16.952 node2 pacemaker-fenced    [49] (finalize_op) \tnotice: Operation 'reboot' targeting node3 by node1 for pacemaker-controld.53@node2: OK (complete) | id=bb7783ad",
		fencerLine{node: "node2", kind: "done", action: "reboot", target: "node3", by: "node1", result: "OK (complete)"}},
}

// TestParseFencerLine reads the lines the scenarios rely on, and no other.
func TestParseFencerLine(t *testing.T) {
	var lines []fencerLine
	for _, c := range fencerLog {
		got, ok := parseFencerLine(c.line, 2026)
		if !ok {
			t.Fatalf("not read: %s", c.line)
		}
		if got.at.Year() != 2026 || got.at.Month() != 12 {
			t.Errorf("%s: time %v", c.line, got.at)
		}
		got.at = c.want.at
		if got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.line, got, c.want)
		}
		lines = append(lines, got)
	}
	for _, other := range []string{
		"Dec 01 21:52:03.600 node1 pacemaker-fenced    [53] (can_fence_host_with_device) \tinfo: fence-node2 is not eligible to fence (reboot) node3: static-list",
		"Dec 01 21:52:12.660 node2 pacemaker-fenced    [49] (fenced_process_fencing_reply) \tnotice: Action 'reboot' targeting node3 using fence-node3 on behalf of pacemaker-controld.53@node2: complete",
		"Dec 01 22:11:18.980 node1 pacemaker-controld  [55] (controld_execute_fence_action) \tnotice: Requesting fencing (reboot) of node node3 | action=1 timeout=60000",
	} {
		if l, ok := parseFencerLine(other, 2026); ok {
			t.Errorf("read %+v from %s", l, other)
		}
	}
	p := planned{Target: "node3", Action: "reboot", Devices: deviceIDs{"fence-node3", "pdu"},
		Levels: []plannedLevel{{1, deviceIDs{"fence-node3"}}, {2, deviceIDs{"pdu"}}}}
	if diff := comparePlanned(p, lines); diff != "" {
		t.Errorf("the log of a level-2 fencing against its plan: %s", diff)
	}
	p.Levels[0], p.Levels[1] = p.Levels[1], p.Levels[0]
	if diff := comparePlanned(p, lines); diff == "" {
		t.Error("levels in the wrong order compare equal")
	}
}

// TestLevelWalk: retries start again at level 1; a level's devices run in
// order; a success ends the walk.
func TestLevelWalk(t *testing.T) {
	run := func(dr ...string) []fencerLine {
		var ls []fencerLine
		for i := 0; i < len(dr); i += 2 {
			ls = append(ls, fencerLine{device: dr[i], result: dr[i+1]})
		}
		return ls
	}
	levels := [][]string{{"bmc"}, {"pdu-a", "pdu-b"}}
	for _, ok := range [][]fencerLine{
		run("bmc", "0"),
		run("bmc", "1", "pdu-a", "0", "pdu-b", "0"),
		run("bmc", "1", "pdu-a", "1", "bmc", "1", "pdu-a", "0", "pdu-b", "1"),
	} {
		if err := levelWalk(levels, ok); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range [][]fencerLine{
		run("pdu-a", "0"),
		run("bmc", "1", "pdu-b", "0"),
		run("bmc", "0", "pdu-a", "0"),
	} {
		if err := levelWalk(levels, bad); err == nil {
			t.Errorf("%v follows %v", bad, levels)
		}
	}
}

// TestDeviceIDs reads a plan's devices as ids or as objects with one.
func TestDeviceIDs(t *testing.T) {
	for in, want := range map[string][]string{
		`["a","b"]`:                           {"a", "b"},
		`[{"id":"a","agent":"x"},{"id":"b"}]`: {"a", "b"},
	} {
		var d deviceIDs
		if err := json.Unmarshal([]byte(in), &d); err != nil || !slices.Equal(d, want) {
			t.Errorf("%s: %v %v, want %v", in, d, err, want)
		}
	}
	var d deviceIDs
	if err := json.Unmarshal([]byte(`[{"agent":"x"}]`), &d); err == nil {
		t.Error("a device without an id was read")
	}
}
