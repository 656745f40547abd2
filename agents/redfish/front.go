//go:build agentfront

package redfish

import (
	"context"
	"errors"

	"github.com/executioner-ha/executioner/agents"
)

// runSystem is not built into the agent binary's front end, which runs
// every device action in the worker (see cmd/fence_exec): the front end
// links no HTTPS client and starts faster.
func runSystem(context.Context, *agents.Call, *config) error {
	return errors.New("internal error: the Redfish client runs in the agent worker, not in the front end")
}
