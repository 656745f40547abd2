// Package redfish is a fence agent for BMCs that speak the DMTF Redfish
// API, a drop-in for fence-agents' fence_redfish built on net/http and
// encoding/json.
package redfish
