// Package redfish is a fence agent for BMCs that speak the DMTF Redfish
// API (iDRAC, iLO, XClarity, OpenBMC, ...), a drop-in for fence-agents'
// fence_redfish built on net/http and encoding/json.
//
// It takes fence_redfish's parameters: ip (ipaddr; the older host:port
// form too), ipport (443), username (login), password (passwd) or
// password_script (passwd_script), redfish_uri (/redfish/v1), systems_uri,
// ssl (always on: Redfish is HTTPS), ssl_secure, ssl_insecure, port_as_ip
// with plug (port) as the BMC's address, the timing options and the common
// ones; gnutlscli_path is accepted and ignored. The hyphenated spellings
// (redfish-uri, systems-uri) are read as the same keys.
//
// Each request carries HTTP basic authentication, as fence_redfish sends
// it. When the BMC refuses it (401 or 403), the agent logs in once through
// the session service (the service root's Links.Sessions, else
// redfish_uri/SessionService/Sessions), uses the X-Auth-Token, and deletes
// the session at the end. Without systems_uri the system is found as
// fence_redfish finds it: the service root's Systems collection. The power
// state is the System resource's PowerState (Off is off; anything else,
// PoweringOff included, is not), and the Reset action's target and its
// advertised ResetType values are read from the same resource: on sends
// On, off ForceOff, reboot ForceOff then On (each confirmed by polling
// PowerState until power_timeout), diag Nmi.
//
// The certificate is checked against the system's authorities unless
// ssl_insecure is true. No request follows a redirect or goes through a
// proxy, every link the BMC returns must be a path on the same BMC, and
// every request is bounded by login_timeout (connecting and the TLS
// handshake) plus shell_timeout, the whole run by a budget derived from
// the timing options, so a BMC that is down, hung or answering garbage
// fails in bounded time. The password is sent only in the Authorization
// header and the session login, and never printed.
//
// # Deliberate differences from fence_redfish
//
// TestParity runs fence_redfish and this agent on twin simulated BMCs
// (redfishsim) for every action and option spelling and compares the
// exit code, standard output, the final power and the resets the BMC
// carried out. Where they differ, it is on purpose:
//
//   - Several systems without systems_uri are refused with their list;
//     fence_redfish silently fences the last member of the collection.
//   - A BMC that refuses basic authentication is reached through a
//     session; fence_redfish fails.
//   - A refused reset (an HTTP error answer) fails at once with the BMC's
//     message; fence_redfish ignores the answer and polls until
//     power_timeout.
//   - diag prints "Success: Diagnostic interrupt (NMI) sent", and fails
//     when the BMC refuses the NMI (a powered-off system); fence_redfish
//     prints "Success: Rebooted" whatever the BMC answered.
//   - ssl_insecure=0 keeps the certificate check; fence_redfish skips the
//     check for any value of ssl_insecure given on stdin.
//   - Requests time out (fence_redfish sets no timeout and waits for a
//     hung BMC until Pacemaker kills it); $https_proxy is not used; a bare
//     IPv6 address works as ip.
//   - The metadata does not list the hyphenated redfish-uri and
//     systems-uri as separate deprecated parameters (they are accepted).
package redfish
