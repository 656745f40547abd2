// Package apcsnmp is a fence agent for APC and Tripp Lite network power
// switches over SNMP, a drop-in for fence-agents' fence_apc_snmp, built on
// the shared SNMP session of package agents/snmp instead of running
// net-snmp's snmpget, snmpset and snmpwalk.
//
// It takes fence_apc_snmp's parameters: ip (ipaddr), ipport (161),
// community (private), snmp_version (1, 2c or 3), username (login),
// password (passwd) or password_script (passwd_script) as the v3
// authentication passphrase, snmp_auth_prot (MD5|SHA), snmp_sec_level,
// snmp_priv_prot (DES|AES), snmp_priv_passwd or snmp_priv_passwd_script,
// plug (port), the timing options and the common ones; snmpget_path,
// snmpset_path and snmpwalk_path are accepted and ignored.
//
// The device family comes from sysObjectID, as fence_apc_snmp finds it:
// APC Switched Rack PDU (.1.3.6.1.4.1.318.1.3.4.5, the rPDU tables),
// MasterSwitch Plus (.4.4, daisy-chained switches, outlets switch:outlet),
// MasterSwitch with firmware 6 (.4.6), Tripp Lite (.1.3.6.1.4.1.850.1) and
// Tripp Lite LX (.850.1.1.1); any other device is driven through the
// MasterSwitch sPDU table that every APC switch answers. The plug is an
// outlet number, switch:outlet, or an outlet name looked up in the
// family's name table. status reads the outlet state ("Status: ON", or
// "Status: OFF" with exit 2); on and off write the outlet command and are
// confirmed by reading the state back until power_timeout; reboot is a
// confirmed off followed by on; list and list-status print
// "outlet,name" (switch:outlet on daisy-chained switches); monitor walks
// the name table. Every request is bounded by shell_timeout +
// login_timeout (see agents/snmp), so a device that is down, hung, or
// silently dropping a wrong community fails within that, and the whole run
// within a budget derived from the timing options.
//
// # Differences from fence_apc_snmp
//
// TestParity runs every action and option spelling with both agents
// against the same snmpd and emulated switch (package pdusim) and compares
// exit codes, standard output and the device afterwards. They agree except
// for these deliberate differences:
//
//   - An outlet state that is neither the family's on nor its off value
//     is an error (exit 1). fence_apc_snmp reads anything but on as off,
//     so a device answering garbage would be reported fenced.
//   - The switch parameter (-s) names the daisy-chained switch a numeric
//     plug is on; fence_apc_snmp accepts the switch only in the plug
//     (switch:outlet), which both agents take, and ignores switch=.
//   - validate-all checks the device parameters without a plug (Pacemaker
//     passes one only with a fencing action); fence_apc_snmp demands one.
//   - option= is taken as the old name of action, as by every executioner
//     agent; fence-agents 4.12 ignores option= (and then reboots, its
//     default action).
//   - The community and passphrases never reach a command line (the agent
//     runs no SNMP tool) and never appear in output. An unknown outlet
//     name wraps agents.ErrUnknownHost. The multi-plug form (plug with
//     plug_separator) is not supported.
//
// The emulator itself is validated with fence_apc_snmp (the parity
// matrix) and with cluster-glue's apcmastersnmp and external/rackpdu
// plugins (TestEmulatorWithClusterGlue).
package apcsnmp
