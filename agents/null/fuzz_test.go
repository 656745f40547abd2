package null

import (
	"context"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
)

// FuzzExecute feeds any stdin through the whole agent driver (parsing,
// action dispatch, self-fencing rule, delay) with the null agent, which
// touches nothing: the exit code is always 0, 1 or 2, never a panic.
func FuzzExecute(f *testing.F) {
	f.Add("action=reboot\nnodename=node1\nport=node1\nhostlist=node1 node2\n")
	f.Add("action=list\nhostlist=a,b;c\n")
	f.Add("action=metadata\n")
	f.Add("action=off\ndelay=1e9\nhostlist=x\n")
	f.Add("option=status\nverbose=yes\nquiet=1\n")
	f.Fuzz(func(t *testing.T, in string) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		r := agenttest.Exec(ctx, New(), "fence_exec_null", in, nil)
		if r.Code < 0 || r.Code > 2 {
			t.Fatalf("%v", r)
		}
	})
}
