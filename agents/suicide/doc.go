// Package suicide is the self-fencing agent, like cluster-glue's suicide
// plugin: it reboots or powers off the host it runs on, and refuses every
// other target. Instead of running reboot(8) it asks systemd-logind over
// D-Bus (org.freedesktop.login1.Manager.Reboot or PowerOff on the system
// bus), so that shutdown inhibitors and the service manager's ordering are
// honoured.
//
// Actions: off and reboot of the local host (matched by host name, short
// name or "localhost"); list prints the local host's name, lower-cased;
// monitor and status ask logind whether it may reboot (CanReboot answers
// "yes" or "challenge"). on is not supported: a host that is off cannot
// switch itself on. Success means logind accepted the request: the
// shutdown is then underway and the agent's own process will be stopped
// by it. Every bus call is bounded by power_timeout.
package suicide
