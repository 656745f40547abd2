// Package ipmi is a fence agent for IPMI BMCs over the LAN (IPMI 1.5 "lan"
// and 2.0 "lanplus"), a drop-in for fence-agents' fence_ipmilan built on
// go-ipmi instead of running ipmitool.
//
// It takes fence_ipmilan's parameters: ip (ipaddr), ipport (623), username
// (login), password (passwd) or password_script (passwd_script), lanplus,
// cipher, privlvl (administrator), method (onoff|cycle), power_wait (2),
// power_timeout (20), login_timeout (5), ipmitool_timeout (the per-request
// timeout, 2), delay, and the common options. auth is accepted for
// compatibility (go-ipmi negotiates the strongest authentication the BMC
// offers for lan); ipmitool_path, use_sudo and sudo_path are accepted and
// ignored (nothing is executed). hexadecimal_kg and target (bridging) are
// refused: go-ipmi's client cannot send a BMC key or bridge requests, and
// silently ignoring them would authenticate differently than asked.
//
// Actions: status reads the chassis power ("Status: ON", or "Status: OFF"
// with exit 2); monitor succeeds when the BMC answers; on and off are
// verified by polling the chassis power until power_timeout; reboot is a
// verified off followed by on, or with method=cycle a power cycle verified
// on. Every network step is bounded: logging in by login_timeout, each
// request by ipmitool_timeout with one retry, so an unreachable, hung or
// garbling BMC fails with a clear message well within the configured
// timeouts. The password never leaves the process except inside the IPMI
// authentication exchange, and never appears in output or errors.
package ipmi
