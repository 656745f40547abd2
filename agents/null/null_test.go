package null

import (
	"context"
	"testing"

	"github.com/executioner-ha/executioner/agents/agenttest"
)

func TestConformance(t *testing.T) {
	agenttest.Run(t, agenttest.Config{
		Agent:  New(),
		Name:   "fence_exec_null",
		Params: map[string]string{"hostlist": "node1 node2"},
		Target: "node1",
	})
}

func TestHostlist(t *testing.T) {
	ctx := context.Background()
	r := agenttest.Exec(ctx, New(), "fence_exec_null", "action=list\nhostlist=Node1 node2\n", nil)
	if r.Code != 0 || r.Stdout != "node1\nnode2\n" {
		t.Errorf("list: %v", r)
	}
	if r := agenttest.Exec(ctx, New(), "fence_exec_null", "action=reboot\nport=node1\n", nil); r.Code != 1 {
		t.Errorf("reboot without hostlist: %v, want a failure", r)
	}
	self := "action=reboot\nhostlist=x\nport=" + agenttest.Hostname + "\n"
	if r := agenttest.Exec(ctx, New(), "fence_exec_null", self, nil); r.Code != 0 {
		t.Errorf("null may claim to fence its own host: %v", r)
	}
}
