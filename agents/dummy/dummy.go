package dummy

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the dummy fence agent.
type Agent struct{}

// New returns the dummy agent.
func New() *Agent { return &Agent{} }

// Variants are the names the agent is also installed under, after
// fence_exec_dummy_: without reboot, without on, and with automatic
// unfencing.
func (a *Agent) Variants() []string { return []string{"no_reboot", "no_on", "auto_unfence"} }

// maxValidDelay is the largest delay validate-all accepts.
const maxValidDelay = 10 * time.Second

// Metadata describes the agent, in the variant name selects.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	modes := []string{"pass", "fail", "random"}
	ps := []ocf.Param{
		{Name: "mode", Short: "M", Type: ocf.TypeSelect, Choices: modes, Desc: "Whether fence operations should always pass, always fail, or fail at random"},
		{Name: "monitor_mode", Short: "m", Type: ocf.TypeSelect, Choices: modes, Default: "pass", Desc: "Whether monitor operations should always pass, always fail, or fail at random"},
		{Name: "random_sleep_range", Short: "R", Type: ocf.TypeInteger, ArgName: "seconds", Desc: "Wait randomly between 1 and [seconds]"},
		{Name: "mock_dynamic_hosts", Short: "H", ArgName: "list", Desc: "A list of hosts we can fence"},
		{Name: "monitor_delay", Short: "d", Type: ocf.TypeSecond, ArgName: "seconds", Default: "0", Desc: "Wait X seconds before monitor completes"},
		{Name: "off_delay", Short: "F", Type: ocf.TypeSecond, ArgName: "seconds", Default: "0", Desc: "Wait additional X seconds before off action"},
		{Name: "switch", Short: "s", ArgName: "id", Desc: "Ignored"},
		{Name: "nodeid", Short: "i", ArgName: "id", Desc: "Ignored"},
		{Name: "uuid", Short: "U", ArgName: "uuid", Desc: "Ignored"},
	}
	ps = append(ps, ocf.Plug("Ignored")...)
	common := ocf.Common()
	for i := range common {
		if common[i].Name == "delay" {
			common[i].Short = "f"
		}
	}
	ps = append(ps, common...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Dummy fence agent",
		LongDesc:  "A fake fence agent which reports success based on its mode (pass|fail|random) without doing anything; for testing only.",
		VendorURL: "https://github.com/executioner-ha/executioner",
		Params:    ps,
		Actions:   actions(name),
	}
}

// actions lists the actions of the variant name selects.
func actions(name string) []ocf.ActionSpec {
	var as []ocf.ActionSpec
	switch {
	case strings.HasSuffix(name, "_auto_unfence"):
		as = append(as, ocf.ActionSpec{Name: ocf.ActionOn, Automatic: true})
	case strings.HasSuffix(name, "_no_on"):
	default:
		as = append(as, ocf.ActionSpec{Name: ocf.ActionOn, SetAutomatic: true})
	}
	as = append(as, ocf.ActionSpec{Name: ocf.ActionOff})
	if !strings.HasSuffix(name, "_no_reboot") {
		as = append(as, ocf.ActionSpec{Name: ocf.ActionReboot})
	}
	for _, x := range []ocf.Action{ocf.ActionStatus, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionList, ocf.ActionValidateAll} {
		as = append(as, ocf.ActionSpec{Name: x})
	}
	return as
}

// Run carries out one action as the mode says.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	p := c.Params
	if c.Action == ocf.ActionValidateAll {
		return validate(p)
	}
	if !c.Action.Fences() { // Execute already waited the delay for off and reboot
		if err := agents.Sleep(ctx, p.Duration("delay")); err != nil {
			return err
		}
	}
	if n := p.Int("random_sleep_range"); n > 0 {
		d := time.Duration(1+rand.IntN(n)) * time.Second
		c.Logf("random sleep for %v", d)
		if err := agents.Sleep(ctx, d); err != nil {
			return err
		}
	}
	switch c.Action {
	case ocf.ActionMonitor:
		if err := agents.Sleep(ctx, p.Duration("monitor_delay")); err != nil {
			return err
		}
		return outcome(c, p.Get("monitor_mode"))
	case ocf.ActionList:
		if !p.Has("mock_dynamic_hosts") {
			return ocf.Errorf(ocf.ExitFailure, "list: a dynamic host list requires mock_dynamic_hosts")
		}
		c.Printf("%s", p.Get("mock_dynamic_hosts"))
		return nil
	case ocf.ActionOff:
		if err := agents.Sleep(ctx, p.Duration("off_delay")); err != nil {
			return err
		}
	}
	return outcome(c, p.Get("mode"))
}

// validate: Pacemaker's contract passes only with a delay of at most 10.
func validate(p *ocf.Params) error {
	if !p.Has("delay") {
		return ocf.Errorf(ocf.ExitFailure, "validate-all: delay is required")
	}
	if d := p.Duration("delay"); d > maxValidDelay {
		return ocf.Errorf(ocf.ExitFailure, "validate-all: delay %v is more than %v", d, maxValidDelay)
	}
	return nil
}

// outcome succeeds or fails as mode says; random (and unset) tosses a coin.
func outcome(c *agents.Call, mode string) error {
	pass := mode == "pass" || (mode != "fail" && rand.IntN(2) == 0)
	if pass {
		return nil
	}
	return ocf.Fail(fmt.Errorf("simulated %s failure", c.Action))
}
