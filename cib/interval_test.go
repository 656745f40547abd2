package cib

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// intervalCases are durations in every form Pacemaker 2.1.5 accepts or
// refuses, with its quirks; the milliseconds were read from crm_simulate's
// transition graph (TestParseIntervalMatchesPacemaker checks them again).
var intervalCases = map[string]int64{
	"": -1, "0": 0, "90": 90000, "90s": 90000, "90 s": 90000, " 7s": 7000, "90sec": 90000, "90secs": 90000,
	"2min": 120000, "2mins": 120000, "2minutes": 120000, "2m": 120000, "1h": 3600000, "1hr": 3600000,
	"500ms": 500, "500msec": 500, "1500us": 1, "500us": 0, "1.5s": 1000, "10x": -1, "x": -1, "-5": -1,
	"+5": -1, "10 furlongs": -1, "2S": 2000, "3H": 10800000,
	"PT90S": 90000, "PT1M30S": 90000, "PT5M": 300000, "PT24H": 86400000, "PT90000S": 90000000,
	"P1D": 0, "P2D": 86400000, "P1W": 518400000, "P1M": 2592000000, "P1M1D": 2592000000, "P1Y": 0,
	"P2Y": 4294967295, "P1Y1D": 0, "P1DT1S": 1000, "P3DT": 172800000, "PT5S junk": 5000,
	"PT1.5S": -1, "PT-5S": -1, "P-1D": 0, "P0D": 0, "PT0S": 0, "P": -1, "PT": 0, "pt90s": -1, "P10S": 10000,
}

func TestParseInterval(t *testing.T) {
	for in, want := range intervalCases {
		got, err := ParseInterval(in)
		if want < 0 {
			if err == nil || got != 0 {
				t.Errorf("ParseInterval(%q) = %v, %v; want an error", in, got, err)
			}
			continue
		}
		if err != nil || got != time.Duration(want)*time.Millisecond {
			t.Errorf("ParseInterval(%q) = %v, %v; want %dms", in, got, err, want)
		}
	}
}

// TestParseIntervalMatchesPacemaker gives every case to Pacemaker's
// scheduler as a recurring monitor interval and reads the interval back
// from the operation keys of its transition graph (0 for a refused one:
// no recurring monitor is scheduled).
func TestParseIntervalMatchesPacemaker(t *testing.T) {
	sim := peertest.Program(t, "crm_simulate")
	var names []string
	var rscs strings.Builder
	for in := range intervalCases {
		i := len(names)
		names = append(names, in)
		fmt.Fprintf(&rscs, `<primitive id="r%d" class="ocf" provider="heartbeat" type="Dummy"><operations>`+
			`<op id="r%d-m" name="monitor" interval="%s"/></operations></primitive>`, i, i, escapeAttrValue(in))
	}
	doc := `<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1" dc-uuid="1">
<configuration><crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/></nodes><resources>` + rscs.String() + `</resources><constraints/></configuration>
<status><node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/></status></cib>`
	dir := t.TempDir()
	in, graph := filepath.Join(dir, "cib.xml"), filepath.Join(dir, "graph.xml")
	if err := os.WriteFile(in, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(sim, "-x", in, "-R", "--save-graph", graph).CombinedOutput(); err != nil {
		t.Fatalf("crm_simulate: %v\n%s", err, out)
	}
	data, err := os.ReadFile(graph)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]int64{}
	for _, m := range regexp.MustCompile(`operation_key="r(\d+)_monitor_(\d+)"`).FindAllStringSubmatch(string(data), -1) {
		i, _ := strconv.Atoi(m[1])
		ms, _ := strconv.ParseInt(m[2], 10, 64)
		got[i] = max(got[i], ms)
	}
	for i, in := range names {
		want := max(intervalCases[in], 0)
		if got[i] != want {
			t.Errorf("%q: Pacemaker schedules a %d ms monitor, the case says %d", in, got[i], want)
		}
	}
}

func escapeAttrValue(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;").Replace(s)
}
