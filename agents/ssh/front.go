//go:build agentfront

package ssh

import (
	"context"
	"errors"

	"github.com/executioner-ha/executioner/agents"
)

// Run is not built into the agent binary's front end, which runs every
// device action in the worker (see cmd/fence_exec): the front end links no
// SSH client and starts faster.
func (a *Agent) Run(context.Context, *agents.Call) error {
	return errors.New("internal error: the SSH client runs in the agent worker, not in the front end")
}
