//go:build agentfront

package ipmi

import (
	"context"
	"errors"

	"github.com/executioner-ha/executioner/agents"
)

// runBMC is not built into the agent binary's front end, which answers
// metadata and validation and runs every device action in the worker (see
// cmd/fence_exec): the front end links no IPMI client and starts faster.
func runBMC(context.Context, *agents.Call, *config) error {
	return errors.New("internal error: the IPMI client runs in the agent worker, not in the front end")
}
