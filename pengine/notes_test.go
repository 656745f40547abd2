package pengine

import (
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// TestNotFencedExplained: the note for an unclean node that is not fenced
// says why and what to do. (With fencing disabled a lost node is not
// unclean at all, as in Pacemaker, so there is no note to explain.)
func TestNotFencedExplained(t *testing.T) {
	const head = `<cib validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="%Q"><configuration>
<crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="%E"/><nvpair id="o2" name="no-quorum-policy" value="stop"/></cluster_property_set></crm_config>
<nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes><resources>%R</resources><constraints/></configuration>
<status><node_state id="1" uname="node1" in_ccm="false" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/></status></cib>`
	const dev = `<primitive id="st" class="stonith" type="fence_exec_dummy"/>`
	const rsc = `<primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>`
	for _, c := range []struct{ quorum, enabled, resources, want string }{
		{"1", "true", rsc, "no fencing device is configured"},
		{"0", "true", dev + rsc, "this partition has no quorum"},
	} {
		x := strings.NewReplacer("%Q", c.quorum, "%E", c.enabled, "%R", c.resources).Replace(head)
		doc, err := cib.Parse([]byte(x))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Plan(doc.Model())
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range r.Notes {
			if strings.HasPrefix(n, "node node1 is unclean but cannot be fenced: "+c.want) && strings.Contains(n, "executioner confirm node1") {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: notes %q", c, r.Notes)
		}
	}
}
