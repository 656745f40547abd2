package group

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/membership"
	"github.com/executioner-ha/executioner/pengine"
)

// threeNodes is a configuration file of three nodes, one IPMI device each.
func threeNodes(t *testing.T, props string) *cib.Document {
	t.Helper()
	var nodes, res strings.Builder
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&nodes, `<node id="%d" uname="node%d"/>`, i, i)
		fmt.Fprintf(&res, `<primitive id="ipmi-node%d" class="stonith" type="fence_exec_ipmi">
  <instance_attributes id="ipmi-node%d-ia"><nvpair id="ipmi-node%d-h" name="pcmk_host_list" value="node%d"/>
  <nvpair id="ipmi-node%d-ip" name="ip" value="10.99.1.10%d"/></instance_attributes></primitive>`, i, i, i, i, i, i)
	}
	doc, err := cib.Parse(fmt.Appendf(nil, `<cib admin_epoch="0" epoch="3" num_updates="0" validate-with="pacemaker-3.9">
<configuration><crm_config><cluster_property_set id="opts">
<nvpair id="opts-se" name="stonith-enabled" value="true"/>%s</cluster_property_set></crm_config>
<nodes>%s</nodes><resources>%s</resources><constraints/></configuration><status/></cib>`, props, nodes.String(), res.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// settledGroup is node 1's group in a partition of members, after node 3
// was seen.
func settledGroup(t *testing.T, members []uint32, quorate bool) *Group {
	g := New(membership.Process{Node: 1, PID: 1}, "node1", Config{Digest: "a"})
	var procs []membership.Process
	for _, m := range members {
		procs = append(procs, membership.Process{Node: m, PID: m})
	}
	g.Step(membership.Event{Kind: membership.KindGroup, Group: procs})
	g.Step(membership.Event{Kind: membership.KindQuorum, Quorum: membership.Quorum{Quorate: quorate, Members: members}})
	for _, m := range members {
		b := encode(t, message{Type: msgSync, Name: fmt.Sprintf("node%d", m), Config: &Config{Digest: "a"}})
		g.Step(membership.Event{Kind: membership.KindMessage, From: membership.Process{Node: m, PID: m}, Data: b})
	}
	g.Step(membership.Event{Kind: membership.KindMessage, From: g.local, Data: ReadyMessage()})
	for _, name := range []string{"node1", "node2", "node3"} {
		_, b, err := g.Record(Record{Kind: KindUp, Target: name}, time.Unix(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		g.Step(membership.Event{Kind: membership.KindMessage, From: g.local, Data: b})
	}
	return g
}

func TestSnapshotFencesTheLostNodeWithQuorumOnly(t *testing.T) {
	for _, tc := range []struct {
		name    string
		quorate bool
		props   string
		want    []string
	}{
		{"quorate", true, "", []string{"fence node3 reboot"}},
		{"no quorum", false, "", nil},
		{"no quorum, ignored", false, `<nvpair id="opts-nq" name="no-quorum-policy" value="ignore"/>`,
			[]string{"fence node3 reboot"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := settledGroup(t, []uint32{1, 2}, tc.quorate)
			snap, err := g.Snapshot(threeNodes(t, tc.props))
			if err != nil {
				t.Fatal(err)
			}
			r, err := pengine.Plan(snap.Model())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Fences() {
				if strings.HasPrefix(f, "fence ") {
					got = append(got, f)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("plan %v, want %v\n%s", r.Fences(), tc.want, snap.Bytes())
			}
		})
	}
}

func TestSnapshotOfAFencedNodeFencesNothing(t *testing.T) {
	g := settledGroup(t, []uint32{1, 2}, true)
	for _, r := range []Record{{Kind: KindRequest, Target: "node3", Action: "reboot"}} {
		req, b, _ := g.Record(r, time.Unix(2, 0))
		g.Step(membership.Event{Kind: membership.KindMessage, From: g.local, Data: b})
		_, b, _ = g.Record(Record{Kind: KindFinal, Request: req.Request, Final: &fencer.Final{State: fencer.StateDone, By: fencer.ByDevice}}, time.Unix(3, 0))
		g.Step(membership.Event{Kind: membership.KindMessage, From: g.local, Data: b})
	}
	snap, err := g.Snapshot(threeNodes(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	r, err := pengine.Plan(snap.Model())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Fences()) != 0 {
		t.Errorf("plan after node3 was fenced: %v\n%s", r.Fences(), snap.Bytes())
	}
}

func encode(t *testing.T, m message) []byte {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
