// Package apcsnmp is a fence agent for APC and Tripp Lite network power
// switches over SNMP, a drop-in for fence-agents' fence_apc_snmp.
package apcsnmp
