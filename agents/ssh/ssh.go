package ssh

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the SSH fence agent.
type Agent struct{}

// New returns the agent.
func New() *Agent { return &Agent{} }

// Metadata describes the agent.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: "identity_file", Short: "k", ArgName: "filename", Desc: "Private key used for the login"},
		{Name: "known_hosts", ArgName: "filename", Desc: "The known_hosts file holding the host's key (default ~/.ssh/known_hosts)"},
		{Name: "off_command", ArgName: "command", Default: "poweroff -f", Desc: "Command run on the host to power it off"},
		{Name: "reboot_command", ArgName: "command", Default: "reboot -f", Desc: "Command run on the host to reboot it"},
	}
	login := ocf.Login("22")
	ocf.SetDefault(login, "username", "root")
	ps = append(ps, login...)
	ps = append(ps, ocf.Plug("The host to fence (logged in to when ip is not given)")...)
	ps = append(ps, ocf.Common()...)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent that reboots or powers off a host over SSH (for testing)",
		LongDesc:  "Logs in to the host over SSH (key or password, host key checked against known_hosts) and runs a reboot or power-off command, then waits until the host stops answering. A hung or disconnected host cannot be fenced this way: use it for testing only.",
		VendorURL: "https://www.openssh.com/",
		Params:    ps,
		Actions:   ocf.ActionSpecs(ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionMonitor, ocf.ActionMetadata, ocf.ActionValidateAll),
	}
}

// knownHosts returns the known_hosts file to check against.
func knownHosts(p *ocf.Params) (string, error) {
	if f := p.Get("known_hosts"); f != "" {
		return f, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no known_hosts given and no home directory: %w", err)
	}
	return filepath.Join(home, ".ssh", "known_hosts"), nil
}
