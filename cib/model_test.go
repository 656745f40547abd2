package cib

import (
	"testing"
)

const modelCIB = `<cib have-quorum="1" dc-uuid="1" crm_feature_set="3.16.2" no-quorum-panic="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="other"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set>
      <cluster_property_set id="cib-bootstrap-options"><nvpair id="b1" name="stonith-enabled" value="true"/></cluster_property_set>
      <cluster_property_set id="ruled"><rule id="r" score="0"><expression id="r-e" attribute="#uname" operation="eq" value="n1"/></rule><nvpair id="r1" name="no-quorum-policy" value="ignore"/></cluster_property_set>
    </crm_config>
    <nodes>
      <node id="1" uname="n1"><instance_attributes id="n1-a"><nvpair id="n1-s" name="standby" value="on"/></instance_attributes></node>
      <node id="r1" uname="r1" type="remote"/>
    </nodes>
    <resources>
      <template id="tmpl" class="ocf" provider="heartbeat" type="Dummy"/>
      <primitive id="dev" class="stonith" type="fence_dummy"><instance_attributes id="dev-i"><nvpair id="dev-h" name="pcmk_host_list" value="n1 n2"/></instance_attributes></primitive>
      <group id="g"><primitive id="a" template="tmpl"/><primitive id="b" class="ocf" provider="heartbeat" type="Dummy">
        <meta_attributes id="b-m"><nvpair id="b-p" name="priority" value="5"/></meta_attributes>
        <operations><op id="b-stop" name="stop" interval="0" on-fail="block"><meta_attributes id="b-om"><nvpair id="b-t" name="timeout" value="20s"/></meta_attributes></op></operations>
      </primitive></group>
      <master id="ms"><primitive id="s" class="ocf" provider="pacemaker" type="Stateful"/></master>
      <bundle id="bun"><podman image="img" replicas="2" replicas-per-host="1"/><network control-port="3121"/><primitive id="web" class="ocf" provider="heartbeat" type="apache"/></bundle>
    </resources>
    <constraints>
      <rsc_location id="l1" rsc="a" node="n1" score="-INFINITY"/>
      <rsc_location id="l2" rsc="b" resource-discovery="exclusive"><rule id="l2-r" score="100" boolean-op="or"><expression id="l2-e" attribute="#uname" operation="eq" value="n1"/></rule></rsc_location>
      <rsc_colocation id="c1" rsc="a" with-rsc="b" score="INFINITY"/>
      <rsc_order id="o1" first="a" then="b" kind="Mandatory"/>
      <rsc_ticket id="t1" ticket="tk" rsc="g" loss-policy="fence"/>
      <rsc_ticket id="t2" ticket="tk2" loss-policy="stop"><resource_set id="t2-s" role="Promoted"><resource_ref id="ms"/></resource_set></rsc_ticket>
    </constraints>
    <fencing-topology><fencing-level id="fl" index="1" target="n1" devices="dev"/></fencing-topology>
    <rsc_defaults><meta_attributes id="rd"><nvpair id="rd1" name="is-managed" value="false"/></meta_attributes></rsc_defaults>
    <op_defaults><meta_attributes id="od"><nvpair id="od1" name="on-fail" value="fence"/></meta_attributes></op_defaults>
    <tags><tag id="tg"><obj_ref id="a"/><obj_ref id="b"/></tag></tags>
  </configuration>
  <status>
    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
      <transient_attributes id="1"><instance_attributes id="st-1"><nvpair id="st-1-t" name="terminate" value="1"/></instance_attributes></transient_attributes>
      <lrm id="1"><lrm_resources><lrm_resource id="b" class="ocf" provider="heartbeat" type="Dummy">
        <lrm_rsc_op id="b_last_0" operation="stop" transition-key="3:4:0:abc" call-id="7" rc-code="1" op-status="4" interval="0" last-rc-change="1700000000" op-digest="d1"/>
      </lrm_resource></lrm_resources></lrm>
    </node_state>
    <node_state id="r1" uname="r1" remote_node="true" node_fenced="1"/>
    <tickets><ticket_state id="tk" granted="true"/></tickets>
  </status>
</cib>`

func TestModel(t *testing.T) {
	doc, err := Parse([]byte(modelCIB))
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model()
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	check("have-quorum", m.HaveQuorum, true)
	check("dc-uuid", m.DCUUID, "1")
	check("bootstrap options read first", m.Properties["stonith-enabled"], "true")
	_, ruled := m.Properties["no-quorum-policy"]
	check("sets whose rule fails skipped", ruled, false)
	check("nodes", len(m.Nodes), 2)
	check("node attrs", m.Nodes[0].Attrs["standby"], "on")
	check("node type", m.Nodes[1].Type, "remote")
	check("resources", len(m.Resources), 4)
	check("template", m.Templates["tmpl"].Type, "Dummy")
	g := m.Resources[1]
	check("group children", len(g.Children), 2)
	check("primitive template", g.Children[0].Template, "tmpl")
	b := g.Children[1]
	check("meta", b.Meta["priority"], "5")
	check("op on-fail", b.Ops[0].Meta["on-fail"], "block")
	check("op meta", b.Ops[0].Meta["timeout"], "20s")
	check("instance", m.Resources[0].Instance["pcmk_host_list"], "n1 n2")
	check("master kind", m.Resources[2].Kind, KindMaster)
	bun := m.Resources[3]
	check("bundle runtime", bun.Bundle.Runtime, "podman")
	check("bundle replicas", bun.Bundle.Replicas, "2")
	check("bundle control port", bun.Bundle.ControlPort, "3121")
	check("bundle child", bun.Children[0].ID, "web")
	check("locations", len(m.Locations), 2)
	check("location node", m.Locations[0].Node, "n1")
	check("location rule op", m.Locations[1].Rules[0].BooleanOp, "or")
	check("location discovery", m.Locations[1].Discovery, "exclusive")
	check("location expression", m.Locations[1].Rules[0].Expressions[0].Attribute, "#uname")
	check("colocation", m.Colocations[0].WithRsc, "b")
	check("order", m.Orders[0].Kind, "Mandatory")
	check("tickets", len(m.RscTickets), 2)
	check("ticket set role", m.RscTickets[1].RscRole, "Promoted")
	check("ticket set rsc", m.RscTickets[1].Rsc, "ms")
	check("fencing level", m.FencingLevels[0].Devices, "dev")
	check("tags", len(m.Tags["tg"]), 2)
	check("rsc_defaults", m.RscDefaults["is-managed"], "false")
	check("op_defaults", m.OpDefaults["on-fail"], "fence")
	check("node states", len(m.NodeStates), 2)
	st := m.NodeStates[0]
	check("in_ccm", *st.InCCM, "true")
	check("transient", st.Attrs["terminate"], "1")
	op := st.History[0].Ops[0]
	check("op call-id", op.CallID, 7)
	check("op rc", op.RC, 1)
	check("op status", op.OpStatus, 4)
	check("target rc", op.TargetRC(), 0)
	check("digest", op.Digest, "d1")
	check("last-rc-change", op.LastRCChange, int64(1700000000))
	check("remote", m.NodeStates[1].RemoteNode, true)
	check("node_fenced", m.NodeStates[1].NodeFenced, "1")
	check("no in_ccm", m.NodeStates[1].InCCM == nil, true)
	check("ticket state", m.Tickets["tk"].Granted, true)
	check("epoch membership", m.EpochMembership(), false)
}

func TestMembership(t *testing.T) {
	for _, c := range []struct {
		in        string
		up, epoch bool
	}{
		{"true", true, false}, {"false", false, false}, {"online", true, false}, {"offline", false, false},
		{"1", true, false}, {"0", false, true}, {"1700000000", true, true}, {"", false, false},
	} {
		up, epoch := Membership(c.in)
		if up != c.up || epoch != c.epoch {
			t.Errorf("Membership(%q) = %v, %v; want %v, %v", c.in, up, epoch, c.up, c.epoch)
		}
	}
}

func TestTargetRC(t *testing.T) {
	for key, want := range map[string]int{"1:2:7:uuid": 7, "": -1, "bad": -1, "1:2:x:uuid": -1} {
		if got := (OpRecord{TransitionKey: key}).TargetRC(); got != want {
			t.Errorf("TargetRC(%q) = %d, want %d", key, got, want)
		}
	}
}

func TestEpochMembershipVersion(t *testing.T) {
	for v, want := range map[string]bool{"3.16.2": false, "3.19.0": true, "3.20.1": true, "": false, "4": true} {
		if got := (&Model{FeatureSet: v}).EpochMembership(); got != want {
			t.Errorf("feature set %q: %v, want %v", v, got, want)
		}
	}
}

// FuzzModel reads the model of whatever parses: it never panics. The seeds
// are small, so each run is quick.
func FuzzModel(f *testing.F) {
	f.Add([]byte(modelCIB))
	addCorpusSeeds(f, func(data []byte) { f.Add(data) })
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data)
		if err != nil {
			return
		}
		_ = doc.Model()
	})
}
