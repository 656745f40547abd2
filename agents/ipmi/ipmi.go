package ipmi

import (
	"context"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the IPMI fence agent.
type Agent struct{}

// New returns the IPMI agent.
func New() *Agent { return &Agent{} }

// Validate checks the parameters without touching the BMC (and without
// running password_script, as fence_ipmilan's validate-all does not).
func (a *Agent) Validate(c *agents.Call) error {
	if _, err := check(c.Params); err != nil {
		return err
	}
	if c.Params.Has(portAsIP) && !c.Params.Bool(portAsIP) && c.Params.Get(ocf.KeyPlug) != "" {
		c.Warnf("port_as_ip=%s is taken as set, as fence_ipmilan takes it: plug %q is the BMC's address", c.Params.Get(portAsIP), c.Params.Get(ocf.KeyPlug))
	}
	return nil
}

// Run reads the password, logs in to the BMC and carries out the action
// through the standard power sequence. list and list-status answer
// fence_ipmilan's notice without contacting the BMC.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	if c.Action == ocf.ActionList || c.Action == ocf.ActionListStatus {
		c.Printf("NOTICE: List option is not working on this device yet")
		return nil
	}
	cfg, err := check(c.Params)
	if err == nil {
		err = cfg.resolve(ctx, c.Params)
	}
	if err != nil {
		return ocf.Fail(err)
	}
	return runBMC(ctx, c, cfg)
}
