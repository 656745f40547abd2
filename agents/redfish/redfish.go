package redfish

import (
	"context"
	"crypto/x509"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Agent is the Redfish fence agent.
type Agent struct {
	// RootCAs are the certificate authorities a BMC's certificate must
	// chain to; nil means the system's.
	RootCAs *x509.CertPool
}

// New returns the Redfish agent, trusting the system's certificate
// authorities.
func New() *Agent { return &Agent{} }

// Metadata describes the agent with fence_redfish's parameters.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{
		{Name: "redfish_uri", ArgName: "uri", Default: "/redfish/v1", Desc: "Base or starting Redfish URI"},
		{Name: "systems_uri", ArgName: "uri", Desc: "Redfish Systems resource URI, i.e. /redfish/v1/Systems/System.Embedded.1"},
		{Name: "ssl", Short: "z", Type: ocf.TypeBoolean, Default: "1", Desc: "Use SSL connection with verifying certificate"},
		{Name: "ssl_insecure", Type: ocf.TypeBoolean, Desc: "Use SSL connection without verifying certificate"},
		{Name: "ssl_secure", Type: ocf.TypeBoolean, Desc: "Use SSL connection with verifying certificate"},
		{Name: "gnutlscli_path", ArgName: "path", Default: "/usr/bin/gnutls-cli", Desc: "Path to gnutls-cli binary (ignored: the agent speaks TLS itself)"},
		{Name: "port_as_ip", Type: ocf.TypeBoolean, Desc: `Make "port/plug" to be an alias to IP address`},
	}
	login := ocf.Login("443")
	for i := range login {
		login[i].Required = login[i].Name == "username"
	}
	ps = append(ps, login...)
	for _, p := range ocf.Plug("IP address or hostname of fencing device (together with --port-as-ip)") {
		if p.Name != "separator" { // no list action, so no list separator
			ps = append(ps, p)
		}
	}
	ps = append(ps, ocf.Common()...)
	actions := ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionMonitor,
		ocf.ActionMetadata, ocf.ActionManpage, ocf.ActionValidateAll, ocf.ActionDiag)
	return &ocf.Metadata{
		Name:      name,
		ShortDesc: "Fence agent for Redfish",
		LongDesc:  "A fence agent for out-of-band controllers (BMCs) that speak the DMTF Redfish API, over HTTPS with the certificate checked. It takes the parameters of fence_redfish, switches the ComputerSystem's power with its Reset action, confirms every change by reading PowerState back, and never prints or passes on the password.",
		VendorURL: "http://www.dmtf.org",
		Params:    ps,
		Actions:   actions,
		// A BMC fences the machine it is in: no plug needed.
		TargetOptional: true,
	}
}

// Run validates the parameters, finds the system and carries out the
// action through the standard power sequence.
func (a *Agent) Run(ctx context.Context, c *agents.Call) error {
	cfg, err := configure(ctx, c.Params, a.RootCAs, c.Action != ocf.ActionValidateAll)
	if err != nil {
		return ocf.Fail(err)
	}
	if c.Action == ocf.ActionValidateAll {
		return nil
	}
	return runSystem(ctx, c, cfg)
}
