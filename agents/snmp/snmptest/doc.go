// Package snmptest runs net-snmp's snmpd as the real SNMP peer of the SNMP
// agents' tests: [Start] writes a private configuration (communities, v3
// users, sysObjectID, pass_persist programs), starts snmpd on a free
// loopback port and stops it when the test ends. [StartPDU] serves an
// emulated APC or Tripp Lite power switch through pdusim's pass_persist
// program. [NewNetns] creates a network namespace with veth ports whose
// IF-MIB an snmpd started in it ([Config].Netns) really controls: snmpd
// runs inside the namespace but answers on a loopback socket of the test's
// own namespace, handed to it by socket activation (LISTEN_FDS).
//
// [Silent] and [Garbage] are UDP peers that never answer or answer random
// bytes, for fault tests. Tests that need snmpd skip on a developer machine
// without it and fail under CI=true (see internal/peertest).
package snmptest
