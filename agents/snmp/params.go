package snmp

import "github.com/executioner-ha/executioner/ocf"

// Params returns fencing_snmp's session parameters with the agent's
// defaults for snmp_version ("1", "2c" or "3") and community ("" for
// none). The login parameters (ip, ipport 161, username, password,
// password_script) come from ocf.Login.
func Params(version, community string) []ocf.Param {
	ps := []ocf.Param{
		{Name: "community", Short: "c", ArgName: "community", Default: community, Secret: true, Desc: "Set the community string"},
		{Name: "snmp_auth_prot", Short: "b", Type: ocf.TypeSelect, Choices: []string{"MD5", "SHA"}, ArgName: "prot", Desc: "Set authentication protocol"},
		{Name: "snmp_priv_passwd", Short: "P", ArgName: "pass", Secret: true, Desc: "Set privacy protocol password"},
		{Name: "snmp_priv_passwd_script", Short: "R", ArgName: "script", Desc: "Script to run to retrieve privacy password"},
		{Name: "snmp_priv_prot", Short: "B", Type: ocf.TypeSelect, Choices: []string{"DES", "AES"}, ArgName: "prot", Desc: "Set privacy protocol"},
		{Name: "snmp_sec_level", Short: "E", Type: ocf.TypeSelect, Choices: []string{"noAuthNoPriv", "authNoPriv", "authPriv"}, ArgName: "level", Desc: "Set security level"},
		{Name: "snmp_version", Short: "d", Type: ocf.TypeSelect, Choices: []string{"1", "2c", "3"}, Default: version, ArgName: "version", Desc: "Specifies SNMP version to use"},
	}
	ps = append(ps, ocf.Login("161")...)
	return ps
}

// Spec returns every parameter of an SNMP switch agent, as fence-agents
// lists them: the session parameters (Params with the agent's defaults),
// the agent's own, the target ones, the common ones with defaultAction,
// and the ignored tool paths; ip and plug are required.
func Spec(version, community, defaultAction string, own ...ocf.Param) []ocf.Param {
	ps := append(Params(version, community), own...)
	ps = append(ps, ocf.Plug("")...)
	common := ocf.Common()
	ocf.SetDefault(common, ocf.KeyAction, defaultAction)
	ps = append(ps, common...)
	ps = append(ps, ToolPaths()...)
	for i := range ps {
		if ps[i].Name == "ip" || ps[i].Name == ocf.KeyPlug {
			ps[i].Required = true
		}
	}
	return ps
}

// ToolPaths returns the snmpget_path, snmpset_path and snmpwalk_path
// parameters, accepted for compatibility and ignored.
func ToolPaths() []ocf.Param {
	return []ocf.Param{
		{Name: "snmpget_path", ArgName: "path", Default: "/usr/bin/snmpget", Desc: "Path to snmpget binary (ignored: the agent speaks SNMP itself)"},
		{Name: "snmpset_path", ArgName: "path", Default: "/usr/bin/snmpset", Desc: "Path to snmpset binary (ignored: the agent speaks SNMP itself)"},
		{Name: "snmpwalk_path", ArgName: "path", Default: "/usr/bin/snmpwalk", Desc: "Path to snmpwalk binary (ignored: the agent speaks SNMP itself)"},
	}
}
