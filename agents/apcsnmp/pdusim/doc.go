// Package pdusim emulates the outlet tables of APC and Tripp Lite power
// switches behind net-snmp's snmpd: [Serve] speaks snmpd's pass_persist
// protocol (PING/PONG, get, getnext, set) for the enterprise subtrees
// .1.3.6.1.4.1.318 (APC) and .1.3.6.1.4.1.850 (Tripp Lite), so that every
// SNMP client, from net-snmp's own snmpget to fence-agents' fence_apc_snmp
// and cluster-glue's apcmastersnmp and rackpdu plugins, talks to one real
// SNMP agent. snmpd runs the program in passpersist/ with the path of a
// state file:
//
//	sysObjectID .1.3.6.1.4.1.318.1.3.4.5
//	pass_persist .1.3.6.1.4.1.318 /path/to/passpersist /path/to/state.json
//	pass_persist .1.3.6.1.4.1.850 /path/to/passpersist /path/to/state.json
//
// The state file ([State], JSON) is the device: which kind of switch it is
// ([Kinds]: the MIB tables it serves), its outlets with their names and
// power, and its faults. The emulator reads it on every request and
// writes it back (atomically) when the power changes, so a test reads the
// device side with [Load] and changes faults with [Update] between runs.
//
// Outlets behave as the MIBs describe: a command is accepted at once and
// takes effect after State.DelayMS; a reboot command turns the outlet off
// and back on State.RebootMS later; while a command is pending the
// outlet's pending flag (sPDUOutletPending) reads commandPending. The
// faults: Ignore accepts every command and changes nothing (a relay that
// does not switch), Garbage answers every state read with a value no MIB
// defines.
package pdusim
