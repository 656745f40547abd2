// Package ssh is a fence agent that reboots or powers off a host by
// logging in to it over SSH and running a command there, like
// cluster-glue's ssh plugin. It is meant for testing: a host that hangs,
// or that has lost its network, cannot be fenced this way.
//
// The agent logs in to ip (or, when ip is not given, to the target's name)
// on ipport as username, with the private key in identity_file and/or a
// password; the host key must be listed in known_hosts (there is no
// trust-on-first-use). off runs off_command (default "poweroff -f") and
// reboot runs reboot_command (default "reboot -f"); neither succeeds until
// the host has stopped answering: the agent polls the SSH port until a
// connection is refused, unreachable or unanswered, within power_timeout.
// status is ON when a login works and OFF when the port refuses or cannot
// be reached; a host key or authentication failure is an error, never a
// power state. on is not supported.
package ssh
