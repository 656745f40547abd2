package crmsh

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

const sampleClusterConf = `<?xml version="1.0"?>
<cluster name="alpha" config_version="3">
  <clusternodes>
    <clusternode name="node1" nodeid="1">
      <fence>
        <method name="ipmi"><device name="ipmi-n1"/></method>
        <method name="pdu"><device name="apc" port="1"/><device name="apc2" port="1"/></method>
      </fence>
    </clusternode>
    <clusternode name="node2" nodeid="2">
      <fence>
        <method name="ipmi"><device name="ipmi-n2"/></method>
        <method name="pdu"><device name="apc" port="2"/><device name="apc2" port="2"/></method>
      </fence>
    </clusternode>
    <clusternode name="node3" nodeid="3">
      <fence>
        <method name="pdu"><device name="apc" port="3" ipaddr="10.0.1.9"/></method>
      </fence>
    </clusternode>
  </clusternodes>
  <fencedevices>
    <fencedevice name="ipmi-n1" agent="fence_ipmilan" ipaddr="10.0.0.1" login="admin" passwd="it's secret"/>
    <fencedevice name="ipmi-n2" agent="fence_ipmilan" ipaddr="10.0.0.2" login="admin" passwd="pw"/>
    <fencedevice name="apc" agent="fence_apc" ipaddr="10.0.1.1" login="apc" passwd="apc"/>
    <fencedevice name="apc2" agent="fence_apc" ipaddr="10.0.1.2" login="apc" passwd="apc"/>
  </fencedevices>
</cluster>`

// TestClusterConf checks the import against the cluster.conf it came from:
// every node and device exists, every device fences exactly the nodes that
// use it, and each node's levels follow its methods in order.
func TestClusterConf(t *testing.T) {
	text, err := ClusterConf([]byte(sampleClusterConf))
	if err != nil {
		t.Fatal(err)
	}
	objs, err := Parse([]byte(text), "import")
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	doc, err := cib.Parse(loadEmpty(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := Load(doc, objs, Update); err != nil {
		t.Fatal(err)
	}
	conf := doc.Root().SelectElement("configuration")
	if n := len(conf.SelectElement("nodes").SelectElements("node")); n != 3 {
		t.Errorf("%d nodes, want 3", n)
	}
	params := map[string]map[string]string{}
	for _, p := range conf.SelectElement("resources").SelectElements("primitive") {
		params[attr(p, "id")] = map[string]string{"class": attr(p, "class")}
		for _, nv := range p.FindElements("instance_attributes/nvpair") {
			params[attr(p, "id")][attr(nv, "name")] = attr(nv, "value")
		}
	}
	checks := map[string][2]string{
		"ipmi-n1": {"pcmk_host_list", "node1"}, "ipmi-n2": {"pcmk_host_list", "node2"},
		"apc": {"pcmk_host_map", "node1:1;node2:2"}, "apc2": {"pcmk_host_map", "node1:1;node2:2"},
		"apc-node3": {"pcmk_host_list", "node3"},
	}
	for id, kv := range checks {
		if params[id]["class"] != "stonith" || params[id][kv[0]] != kv[1] {
			t.Errorf("%s: %v, want class stonith and %s=%s", id, params[id], kv[0], kv[1])
		}
	}
	if params["ipmi-n1"]["passwd"] != "it's secret" {
		t.Errorf("passwd not carried over: %q", params["ipmi-n1"]["passwd"])
	}
	if p := params["apc-node3"]; p["ipaddr"] != "10.0.1.9" || p["port"] != "3" || p["login"] != "apc" {
		t.Errorf("method attributes not merged over the fencedevice's: %v", p)
	}
	var got []string
	for _, l := range conf.SelectElement("fencing-topology").SelectElements("fencing-level") {
		got = append(got, attr(l, "target")+"/"+attr(l, "index")+"/"+attr(l, "devices"))
	}
	want := "node1/1/ipmi-n1 node1/2/apc,apc2 node2/1/ipmi-n2 node2/2/apc,apc2 node3/1/apc-node3"
	if strings.Join(got, " ") != want {
		t.Errorf("levels %v, want %s", got, want)
	}
}

func TestClusterConfErrors(t *testing.T) {
	for name, text := range map[string]string{
		"not xml":        "<cluster",
		"unknown device": `<cluster><clusternodes><clusternode name="n1"><fence><method name="1"><device name="x"/></method></fence></clusternode></clusternodes></cluster>`,
		"no agent":       `<cluster><fencedevices><fencedevice name="x"/></fencedevices></cluster>`,
		"bad agent":      `<cluster><fencedevices><fencedevice name="x" agent="a b"/></fencedevices></cluster>`,
		"nameless node":  `<cluster><clusternodes><clusternode/></clusternodes></cluster>`,
	} {
		if _, err := ClusterConf([]byte(text)); err == nil || !strings.HasPrefix(err.Error(), "cluster.conf: ") {
			t.Errorf("%s: got %v, want a cluster.conf error", name, err)
		}
	}
}

// TestClusterConfCrmshAgrees loads the imported text with crmsh too: it
// must accept it (agent parameters included) and build the same CIB.
func TestClusterConfCrmshAgrees(t *testing.T) {
	peertest.Program(t, "crm")
	if testing.Short() {
		t.Skip("runs crmsh")
	}
	text, err := ClusterConf([]byte(sampleClusterConf))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "imported.crm")
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	a := crmBatch(t, []crmJob{{base: loadEmpty(t), cmds: []string{"configure load update " + f}}})[0]
	if !a.done {
		t.Fatal("crmsh refused the imported text")
	}
	doc := loadOurs(t, f)
	if got, want := canonConfig(t, doc.Bytes()), canonConfig(t, a.cib); got != want {
		t.Errorf("ours:\n%s\ncrmsh:\n%s", got, want)
	}
}
