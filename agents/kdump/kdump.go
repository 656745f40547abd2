package kdump

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Cmdline is where monitor reads the kernel command line.
const Cmdline = "/proc/cmdline"

// Agent is the kdump fence agent.
type Agent struct {
	// Cmdline is the file monitor reads for crashkernel= ("" is
	// Cmdline).
	Cmdline string
}

// New returns the kdump agent.
func New() *Agent { return &Agent{} }

// Metadata describes the agent with fence_kdump's parameters.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: ocf.KeyNodename, Short: "n", ArgName: "NODE[,NODE...]", Desc: "List of names or IP addresses of node to be fenced. This option is required for the \"off\" action. Multiple values separated by commas can be specified. All values must be of same IP network family."},
		{Name: "ipport", Short: "p", Type: ocf.TypeInteger, ArgName: "PORT", Default: "7410", Desc: "IP port number that the fence_kdump agent will use to listen for messages."},
		{Name: "family", Short: "f", Type: ocf.TypeSelect, Choices: []string{"auto", "ipv4", "ipv6"}, ArgName: "FAMILY", Default: "auto", Desc: "IP network family. Force the fence_kdump agent to use a specific family. The value for FAMILY can be \"auto\", \"ipv4\", or \"ipv6\"."},
		{Name: "timeout", Short: "t", Type: ocf.TypeInteger, ArgName: "TIMEOUT", Default: "60", Desc: "Number of seconds to wait for message from failed node. If no message is received within TIMEOUT seconds, the fence_kdump agent returns failure."},
	}
	for _, p := range ocf.Common() {
		switch p.Name {
		case ocf.KeyAction:
			p.Default = "off"
			ps = append(ps, p)
		case "help":
			p.Aliases = []string{"usage"}
			ps = append(ps, p)
		case "verbose", "verbose_level", "quiet", "version":
			ps = append(ps, p)
		}
	}
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for kdump: put it at level 1 of the fencing topology, before a power device",
		LongDesc: "A fence agent for nodes that crash into the kdump crash kernel. Off listens for the message fence_kdump_send sends from the crashed node's kdump environment and succeeds only when one of the nodes named (by nodename) sent it; no message within timeout seconds is a failure. " +
			"It does not cut power: it lets a crash dump finish instead of being cut short by power fencing, so its place is level 1 of a fencing topology, with a power device (IPMI, Redfish, a PDU) at level 2 for a node that never reaches kdump. Monitor checks that this node's kernel reserves memory for a crash kernel (crashkernel= on its command line).",
		VendorURL: "http://www.kernel.org/pub/linux/utils/kernel/kexec/",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOff, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll),
	}
}

// Run carries out off (wait for the crashed node's message), monitor and
// validate-all.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	cfg, err := configure(c.Params, c.Action == ocf.ActionOff)
	if err != nil {
		return ocf.Fail(err)
	}
	switch c.Action {
	case ocf.ActionValidateAll:
		return nil
	case ocf.ActionMonitor:
		return ocf.Fail(a.monitor())
	case ocf.ActionOff:
		return ocf.Fail(off(ctx, c, cfg))
	}
	return ocf.Errorf(ocf.ExitFailure, "unrecognised action %q", string(c.Action))
}

// monitor succeeds when the kernel command line reserves a crash kernel.
func (a *Agent) monitor() error {
	path := a.Cmdline
	if path == "" {
		path = Cmdline
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("monitor: %w", err)
	}
	if !strings.Contains(string(b), "crashkernel=") {
		return fmt.Errorf("monitor: %s has no crashkernel= (no memory is reserved for kdump)", path)
	}
	return nil
}

// config is what off needs, checked.
type config struct {
	nodes   []string
	port    int
	family  string // auto, ipv4 or ipv6
	timeout time.Duration
}

// configure checks the parameters; nodename is required for off.
func configure(p *ocf.Params, off bool) (*config, error) {
	cfg := &config{port: p.Int("ipport"), family: p.Get("family"), timeout: time.Duration(p.Int("timeout")) * time.Second}
	for _, n := range strings.Split(p.Get(ocf.KeyNodename), ",") {
		if n = strings.TrimSpace(n); n != "" {
			cfg.nodes = append(cfg.nodes, n)
		}
	}
	switch {
	case cfg.port < 1 || cfg.port > 65535:
		return nil, fmt.Errorf("parameter ipport: %d is not a port (1-65535)", cfg.port)
	case p.Int("timeout") < 1:
		return nil, fmt.Errorf("parameter timeout: %q is not a number of seconds (1 or more)", p.Get("timeout"))
	case off && len(cfg.nodes) == 0:
		return nil, errors.New("parameter nodename: required for off (the node that sends the message)")
	}
	for _, n := range cfg.nodes {
		if len(n) > 255 || strings.ContainsFunc(n, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '/' }) {
			return nil, fmt.Errorf("parameter nodename: %q is not a host name or address", n)
		}
	}
	return cfg, nil
}
