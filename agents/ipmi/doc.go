// Package ipmi is a fence agent for IPMI BMCs over the LAN (IPMI 1.5 "lan"
// and 2.0 "lanplus"), a drop-in for fence-agents' fence_ipmilan built on
// go-ipmi instead of running ipmitool.
//
// It takes fence_ipmilan's parameters: ip (ipaddr), ipport (623), username
// (login), password (passwd) or password_script (passwd_script), lanplus,
// cipher, privlvl (administrator), method (onoff|cycle), port_as_ip,
// power_wait (2), power_timeout (20), login_timeout (5), ipmitool_timeout
// (the per-request timeout, 2), delay, and the common options. With
// port_as_ip the plug is the BMC's address (how one device serves many
// nodes through Pacemaker's pcmk_host_map); without it the plug is ignored
// and the BMC at ip is the target. auth is accepted: for lan the agent
// authenticates with the strongest type the BMC offers (MD5 before MD2
// before the password), never a weaker one than asked.
//
// fence_ipmilan's options the agent does not implement are declared, so
// that none is ever ignored as unknown, and their metadata says so:
// hexadecimal_kg and target are refused before anything is sent (go-ipmi's
// client cannot authenticate with a BMC key, and without bridging target
// would fence the machine of the BMC instead of the one behind it);
// ipmitool_path, use_sudo and sudo_path are ignored with a warning
// (nothing is executed); the diag action (an NMI, which no BMC confirms)
// is refused.
//
// Actions: status reads the chassis power ("Status: ON", or "Status: OFF"
// with exit 2); monitor succeeds when the BMC answers; on and off are
// verified by polling the chassis power until power_timeout; reboot is a
// verified off followed by on, or with method=cycle a power cycle (sent
// whatever the power, as fence_ipmilan sends it; when a BMC refuses to
// cycle an off chassis it is powered on) verified on. list and list-status
// print fence_ipmilan's "NOTICE: List option is not working on this device
// yet" without contacting the BMC, and are not advertised, so that
// Pacemaker never reads the notice as a host list. Every network step is
// bounded: logging in by login_timeout, each request by ipmitool_timeout
// with one retry, the whole run by a budget that saturates instead of
// overflowing, so an unreachable, hung or garbling BMC fails with a clear
// message well within the configured timeouts.
//
// With -v (verbose=1) every protocol step is logged on stderr and in
// debug_file, as fence_ipmilan logs its ipmitool commands: the login
// (transport, user, cipher suite, privilege), each request and its answer,
// the session's close, and every datagram the guard drops and why; -vv
// (verbose_level=2) adds each datagram sent and received. No line shows
// the password or any byte of a datagram.
//
// # The guard
//
// go-ipmi's client reads every datagram through a guard (guard.go) that
// passes on only what is well formed to the last byte and, where the
// session allows, proven to come from the BMC: IPMI message checksums;
// for lan the session auth code; for lanplus the RAKP 4 integrity check
// value, each session datagram's integrity code (the guard derives the
// session keys from the handshake it watches) and an AES payload's block
// structure and padding; session sequence numbers that only increase.
// Whatever fails is dropped as if lost, so go-ipmi retries or times out.
// An error reply passes (it can only fail the run), and so does a RAKP 2
// whose code does not match the password: go-ipmi checks that code itself
// and reports the wrong password. go-ipmi v0.9.1 checks none of the rest:
// it panics, in a goroutine of its own, on an AES padding longer than the
// message, and it would take a damaged "power off" for the truth. Behind
// the guard, the agent binary's supervisor (cmd/fence_exec) still turns
// any crash into "Failed: internal error" with exit 1.
//
// # Deliberate differences from fence_ipmilan
//
// TestParityFenceIpmilan runs fence_ipmilan and this agent with the same
// stdin against one ipmi_sim and compares exit code, stdout, final power
// state and the power changes; these cases differ, on purpose:
//
//   - target: refused (exit 1), where fence_ipmilan bridges to the address;
//     the agent cannot bridge, and ignoring target would fence another
//     machine than the one asked for.
//   - hexadecimal-kg: refused (exit 1); go-ipmi's client cannot send a BMC
//     key, and logging in without it is another authentication than asked.
//   - ipmitool-path: ignored with a warning, where fence_ipmilan fails
//     when the path is not an executable; the agent runs no ipmitool.
//   - plug-list: a plug naming several plugs (plug_separator) is refused;
//     fence_ipmilan asks the same BMC once per plug.
//   - metadata: the agent's own metadata (its name, fence_exec_ipmi; no
//     symlinks; port_as_ip and the unsupported options described as such;
//     no diag action).
//
// Not compared, and different too: stderr (no timestamps; the agent's own
// messages); timing (no extra second on top of delay; a power change
// polls every stonith_status_sleep but never faster than 50 ms);
// disable_timeout and PCMK_service=pacemaker-fenced do not disable the
// agent's timeouts, whose budget always bounds a run. On the wire: the
// agent's session is ipmitool's without its extra requests (a status is
// seven datagrams to ipmitool's eleven). The Close Session reply is awaited,
// as ipmitool awaits it: a BMC has few session slots per user, and the
// next run (the fencer's monitor right after a reboot) must find the slot
// freed, not race the close.
//
// # Start-up
//
// fence_exec_ipmi is a binary of its own (cmd/fence_exec built with the
// tag agent_ipmi): its front end links this package without go-ipmi
// (metadata, validate-all and refusals answer there) and no other agent,
// and every run that reaches the BMC runs in its worker,
// executioner-agent-ipmi, under the supervisor. make bench compares both
// with fence_ipmilan (BenchmarkVsFenceIpmilan).
package ipmi
