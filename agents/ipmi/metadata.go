package ipmi

import "github.com/executioner-ha/executioner/ocf"

// paramSpec is fence_ipmilan's parameters, in its order, with those the
// agent does not implement marked (see the package documentation).
func paramSpec() []ocf.Param {
	ps := []ocf.Param{
		{Name: "auth", Short: "A", Type: ocf.TypeSelect, Choices: []string{"md5", "password", "none"}, ArgName: "auth", Desc: "IPMI Lan Auth type (for lan the agent uses the strongest type the BMC offers)"},
		{Name: "cipher", Short: "C", Type: ocf.TypeInteger, ArgName: "cipher", Desc: "Ciphersuite to use (same as ipmitool -C parameter)"},
		{Name: "hexadecimal_kg", ArgName: "key", Secret: true, Desc: "Hexadecimal-encoded Kg key for IPMIv2 authentication",
			Unsupported: "the IPMI client cannot authenticate with a BMC key (Kg)", Refuse: true},
		{Name: "lanplus", Short: "P", Type: ocf.TypeBoolean, Default: "0", Desc: "Use Lanplus to improve security of connection"},
		{Name: "method", Short: "m", Type: ocf.TypeSelect, Choices: []string{"onoff", "cycle"}, Default: "onoff", ArgName: "method", Desc: "Method to fence"},
		{Name: "privlvl", Short: "L", Type: ocf.TypeSelect, Choices: []string{"callback", "user", "operator", "administrator"}, Default: "administrator", ArgName: "level", Desc: "Privilege level on IPMI device"},
		{Name: "target", ArgName: "targetaddress", Desc: "Bridge IPMI requests to the remote target address",
			Unsupported: "requests are not bridged to another controller, so the power of another machine would change", Refuse: true},
		{Name: "ipmitool_path", ArgName: "path", Default: "/usr/bin/ipmitool", Desc: "Path to ipmitool binary",
			Unsupported: "the agent speaks IPMI itself and runs no ipmitool"},
		{Name: "ipmitool_timeout", Type: ocf.TypeSecond, ArgName: "timeout", Default: "2", Desc: "Timeout (sec) for each IPMI request"},
		{Name: "use_sudo", Obsoletes: "sudo", Type: ocf.TypeBoolean, Desc: "Use sudo (without password) when calling 3rd party software",
			Unsupported: "nothing is executed"},
		{Name: "sudo_path", ArgName: "path", Default: "/usr/bin/sudo", Desc: "Path to sudo binary", Unsupported: "nothing is executed"},
		{Name: portAsIP, Type: ocf.TypeBoolean, Desc: `Make "port/plug" to be an alias to IP address`},
	}
	ps = append(ps, ocf.Login("623")...)
	ps = append(ps, ocf.Plug("IP address or hostname of fencing device (together with --port-as-ip)")...)
	common := ocf.Common()
	ocf.SetDefault(common, "power_wait", "2")
	return append(ps, common...)
}

// portAsIP is fence-agents' option making plug the BMC's address.
const portAsIP = "port_as_ip"

// Metadata describes the agent with fence_ipmilan's parameters. Like
// fence_ipmilan it answers list and list-status (with a notice) without
// advertising them, and it refuses fence_ipmilan's diag.
func (a *Agent) Metadata(name string) *ocf.Metadata {
	as := ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionMonitor,
		ocf.ActionMetadata, ocf.ActionManpage, ocf.ActionValidateAll)
	as = append(as, ocf.ActionSpec{Name: ocf.ActionList, Hidden: true}, ocf.ActionSpec{Name: ocf.ActionListStatus, Hidden: true},
		ocf.ActionSpec{Name: ocf.ActionDiag, Unsupported: "a diagnostic interrupt (NMI) is no power change the BMC can confirm"})
	return &ocf.Metadata{
		Name:           name,
		ShortDesc:      "Fence agent for IPMI",
		LongDesc:       "A fence agent for IPMI BMCs over the LAN (IPMI 1.5 lan and 2.0 lanplus), speaking IPMI directly. It takes the parameters of fence_ipmilan, confirms every power change by reading the chassis power state back, and never prints or passes on the password.",
		VendorURL:      "https://www.intel.com/content/www/us/en/products/docs/servers/ipmi/ipmi-home.html",
		Params:         paramSpec(),
		Actions:        as,
		TargetOptional: true,
	}
}
