//go:build !agentfront

package redfish

import (
	"context"
	"fmt"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// runSystem finds the system and carries out the action, within the run's
// budget.
func runSystem(ctx context.Context, c *agents.Call, cfg *config) error {
	var err error
	ctx, cancel := context.WithTimeout(ctx, cfg.budget(c.Params))
	defer cancel()
	cl := newClient(cfg, c.Debugf)
	defer cl.close()
	sys := &system{c: cl, uri: cfg.system}
	if sys.uri == "" {
		if sys.uri, err = discover(ctx, cl); err != nil {
			return ocf.Fail(err)
		}
	}
	if c.Action == ocf.ActionDiag {
		return diag(ctx, c, sys)
	}
	return agents.RunSwitch(ctx, c, sys)
}

// diag sends the system a diagnostic interrupt (ResetType Nmi), which
// fence_redfish sends without checking the answer; here the BMC must
// accept it.
func diag(ctx context.Context, c *agents.Call, sys *system) error {
	if _, err := sys.Power(ctx, ""); err != nil {
		return ocf.Fail(fmt.Errorf("power status: %w", err))
	}
	if err := sys.reset(ctx, resetNMI); err != nil {
		return ocf.Fail(fmt.Errorf("diag: %w", err))
	}
	c.Printf("Success: Diagnostic interrupt (NMI) sent")
	return nil
}
