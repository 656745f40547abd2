// Package ifmib is a fabric fence agent for any SNMP IF-MIB capable
// device (managed switches), a drop-in for fence-agents' fence_ifmib,
// built on the shared SNMP session of package agents/snmp.
//
// Fabric fencing cuts a node off the network that carries its storage
// (say, its iSCSI port on a switch) instead of cutting its power: off sets
// the port's ifAdminStatus down(2), on sets it up(1), status reads it
// (up is "Status: ON"; down and testing are "Status: OFF" with exit 2;
// any other value is an error). There is no reboot: the default action is
// off, and enable and disable are accepted for on and off. A fenced node
// keeps running, so it must be unfenced before it runs resources again:
// the metadata advertises on with automatic="1", which makes Pacemaker
// run on for a node's ports when the node (re)joins, before it starts
// anything.
//
// It takes fence_ifmib's parameters: ip (ipaddr), ipport (161), community
// (no default), snmp_version (2c by default; 1 and 3), username (login),
// password (passwd) or password_script as the v3 authentication
// passphrase, snmp_auth_prot, snmp_sec_level, snmp_priv_prot,
// snmp_priv_passwd or snmp_priv_passwd_script, plug (port), the timing
// options and the common ones; snmpget_path, snmpset_path and
// snmpwalk_path are accepted and ignored. The plug is an ifIndex (a
// number) or an interface name (ifDescr). list prints "name,alias" for
// every interface (ifAlias); monitor walks the interface names. Every
// change is confirmed by reading ifAdminStatus back until power_timeout,
// every request is bounded by shell_timeout + login_timeout.
//
// # Differences from fence_ifmib
//
// TestParity runs every action and option spelling with both agents
// against the same snmpd, in a network namespace whose veth ports are the
// switch's, and compares exit codes, standard output and the ports'
// state in the kernel afterwards. They agree except for these deliberate
// differences:
//
//   - An ifAdminStatus that is not up, down or testing is an error;
//     fence_ifmib reads anything but up as off.
//   - list and list-status show an interface without ifAlias (snmpd has
//     none for Linux interfaces unless one is set over SNMP) with its name
//     as the alias; fence_ifmib leaves the alias empty. Pacemaker reads the
//     first field either way.
//   - validate-all checks the device parameters without a plug;
//     fence_ifmib demands one.
//   - option= is accepted as the old name of action.
//   - The community and passphrases never reach a command line and never
//     appear in output. An unknown interface name wraps
//     agents.ErrUnknownHost. The multi-plug form (plug with
//     plug_separator) is not supported.
package ifmib
