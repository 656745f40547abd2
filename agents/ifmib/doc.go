// Package ifmib is a fabric fence agent for any SNMP IF-MIB capable
// device (managed switches), a drop-in for fence-agents' fence_ifmib.
package ifmib
