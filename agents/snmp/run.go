package snmp

import (
	"context"
	"fmt"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// RunSwitch is the run of an SNMP power or port switch agent: a targeted
// action without a plug fails (plug says what a plug is, for the
// message), the session is opened (validate-all stops there, the
// parameters checked), and agents.RunSwitch carries out the action on the
// switch sw makes of the session, within a budget for walks walks, three
// more requests and the power changes; no error shows a secret.
func RunSwitch(ctx context.Context, c *agents.Call, plug string, walks int, sw func(*Session) agents.Switch) error {
	if c.Action.NeedsTarget() && c.Params.Get(ocf.KeyPlug) == "" {
		return ocf.Fail(fmt.Errorf("parameter plug: required for %s (%s)", c.Action, plug))
	}
	s, err := Open(ctx, c.Params)
	if err != nil {
		return ocf.Fail(err)
	}
	defer s.Close()
	if c.Action == ocf.ActionValidateAll {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, budget(c.Params, walks))
	defer cancel()
	return s.Redact(agents.RunSwitch(ctx, c, sw(s)))
}

// budget bounds a whole run: the walks, three more requests, and at most
// two verified power changes (each a set and polls until power_timeout)
// with their retries.
func budget(p *ocf.Params, walks int) time.Duration {
	request := p.Duration("shell_timeout") + p.Duration("login_timeout") + time.Second
	change := p.Duration("power_wait") + p.Duration("power_timeout") + 2*request
	return time.Duration(walks+3)*request + time.Duration(walks)*walkExtra + time.Duration(1+max(p.Int("retry_on"), 1))*change
}
