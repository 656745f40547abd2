// Package snmp is the SNMP session the SNMP fence agents share: the
// parameters of fence-agents' fencing_snmp (snmp_version 1|2c|3,
// community, the v3 user with its authentication and privacy settings),
// checked once, and a session on github.com/gosnmp/gosnmp that gets, sets
// and walks with every request bounded in time.
//
// [Spec] declares an SNMP switch agent's parameters ([Params], the
// session's, with the agent's defaults for snmp_version and community;
// the agent's own; the target and common ones), and [RunSwitch] is the
// whole run of such an agent: the plug check, the session, and
// agents.RunSwitch on the agent's switch within one budget. [Open] checks
// the session parameters, resolves the secrets
// (password or password_script for the v3 authentication passphrase,
// snmp_priv_passwd or snmp_priv_passwd_script for the privacy passphrase)
// and returns a [Session]. Like fencing_snmp, a v3 session given both
// passphrases and no snmp_sec_level uses authPriv; otherwise an unset
// level is noAuthNoPriv, as net-snmp's tools default to, and unset
// protocols are MD5 and DES.
//
// Timing follows fencing_snmp, which bounds each snmpget, snmpset or
// snmpwalk by shell_timeout + login_timeout (walks by 30 seconds more):
// a request is sent again every second until that budget is spent. A
// device that does not answer (down, hung, or dropping a wrong
// community, as SNMP agents do) therefore fails after the budget, one
// that answers with an error or garbage fails at once.
//
// The community and both passphrases are secrets: they are never printed,
// logged, or put on a command line (fence-agents passes them to snmpget
// as arguments; this package speaks SNMP itself). snmpget_path,
// snmpset_path and snmpwalk_path are accepted for compatibility and
// ignored.
package snmp
