package ipmi

import (
	"context"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the IPMI fence agent.
type Agent struct{}

// New returns the IPMI agent.
func New() *Agent { return &Agent{} }

// Metadata describes the agent with fence_ipmilan's parameters.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: "auth", Short: "A", Type: ocf.TypeSelect, Choices: []string{"md5", "password", "none"}, ArgName: "auth", Desc: "IPMI Lan Auth type (negotiated by the agent; accepted for compatibility)"},
		{Name: "cipher", Short: "C", Type: ocf.TypeInteger, ArgName: "cipher", Desc: "Ciphersuite to use (same as ipmitool -C parameter)"},
		{Name: "hexadecimal_kg", ArgName: "key", Secret: true, Desc: "Hexadecimal-encoded Kg key for IPMIv2 authentication (not supported; refused)"},
		{Name: "lanplus", Short: "P", Type: ocf.TypeBoolean, Default: "0", Desc: "Use Lanplus to improve security of connection"},
		{Name: "method", Short: "m", Type: ocf.TypeSelect, Choices: []string{"onoff", "cycle"}, Default: "onoff", ArgName: "method", Desc: "Method to fence"},
		{Name: "privlvl", Short: "L", Type: ocf.TypeSelect, Choices: []string{"callback", "user", "operator", "administrator"}, Default: "administrator", ArgName: "level", Desc: "Privilege level on IPMI device"},
		{Name: "target", ArgName: "targetaddress", Desc: "Bridge IPMI requests to the remote target address (not supported; refused)"},
		{Name: "ipmitool_path", ArgName: "path", Default: "/usr/bin/ipmitool", Desc: "Path to ipmitool binary (ignored: the agent speaks IPMI itself)"},
		{Name: "ipmitool_timeout", Type: ocf.TypeSecond, ArgName: "timeout", Default: "2", Desc: "Timeout (sec) for each IPMI request"},
		{Name: "use_sudo", Obsoletes: "sudo", Type: ocf.TypeBoolean, Desc: "Use sudo (without password) when calling 3rd party software (ignored)"},
		{Name: "sudo_path", ArgName: "path", Default: "/usr/bin/sudo", Desc: "Path to sudo binary (ignored)"},
	}
	ps = append(ps, ocf.Login("623")...)
	ps = append(ps, ocf.Plug("IP address or hostname of fencing device (together with --port-as-ip)")...)
	common := ocf.Common()
	ocf.SetDefault(common, "power_wait", "2")
	ps = append(ps, common...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for IPMI",
		LongDesc:  "A fence agent for IPMI BMCs over the LAN (IPMI 1.5 lan and 2.0 lanplus), speaking IPMI directly. It takes the parameters of fence_ipmilan, confirms every power change by reading the chassis power state back, and never prints or passes on the password.",
		VendorURL: "https://www.intel.com/content/www/us/en/products/docs/servers/ipmi/ipmi-home.html",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionManpage, ocf.ActionValidateAll),
	}
}

// Run validates the parameters, logs in to the BMC and carries out the
// action through the standard power sequence.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	cfg, err := configure(ctx, c.Params)
	if err != nil {
		return ocf.Fail(err)
	}
	if c.Action == ocf.ActionValidateAll {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.budget(c.Params))
	defer cancel()
	b, err := dial(ctx, cfg)
	if err != nil {
		return ocf.Fail(cfg.redact(err))
	}
	defer b.close()
	return cfg.redact(agents.RunSwitch(ctx, c, b))
}

// budget bounds a whole run: logging in, and at most two verified power
// changes with their waits.
func (cfg *config) budget(p *ocf.Params) time.Duration {
	change := p.Duration("power_wait") + p.Duration("power_timeout") + cfg.opTimeout()
	return cfg.loginTimeout + 2*cfg.opTimeout() + time.Duration(1+max(p.Int("retry_on"), 1))*change
}
