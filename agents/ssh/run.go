//go:build !agentfront

package ssh

import (
	"context"
	"errors"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Run carries out one action.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	h, err := newHost(ctx, c)
	if err != nil {
		return ocf.Fail(err)
	}
	switch c.Action {
	case ocf.ActionValidateAll:
		return nil
	case ocf.ActionMonitor:
		return ocf.Fail(h.login(ctx))
	case ocf.ActionStatus:
		return status(ctx, c, h)
	}
	cmd, done := c.Params.Get("reboot_command"), "Success: Rebooted"
	if c.Action == ocf.ActionOff {
		cmd, done = c.Params.Get("off_command"), "Success: Powered OFF"
	}
	if err := h.run(ctx, cmd); err != nil {
		return ocf.Fail(err)
	}
	c.Debugf("%q run on %s; waiting for it to go down", cmd, h.addr)
	if err := h.waitDown(ctx, c.Params.Duration("power_timeout")); err != nil {
		return ocf.Fail(err)
	}
	c.Printf("%s", done)
	return nil
}

// status prints ON when a login works, OFF when the host does not answer.
func status(ctx context.Context, c *agents.Call, h *host) error {
	err := h.login(ctx)
	var down *downError
	switch {
	case err == nil:
		c.Printf("Status: ON")
		return nil
	case errors.As(err, &down):
		c.Printf("Status: OFF")
		return &ocf.Error{Code: ocf.ExitOff}
	}
	return ocf.Fail(err)
}
