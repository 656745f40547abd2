// Package apcsmart is the fence agent for APC Smart-UPS units on a serial
// line, speaking the same protocol as cluster-glue's apcsmart plugin: every
// host in hostlist is fed by the one UPS on ttydev, so fencing any of them
// switches the UPS's load.
//
// The line runs at 2400 baud, 8N1, raw. A command is one byte or a short
// string written a byte at a time; a reply ends with CR LF, except that a
// bare "*" is a complete reply. Every exchange starts with Y (smart mode,
// answer SM) and waits at most 3 s for each reply, so a silent or garbled
// UPS fails within seconds. The port is locked the UUCP way
// (/var/lock/LCK..<name>), as cluster-glue's plugin does, so the two never
// talk to the UPS at the same time.
//
// Actions: status reads register ~ (bit 0x40 set means the load is off);
// off and on send Z or Ctrl-N twice, two seconds apart, and succeed only
// when register ~ confirms the new state; reboot (method=cycle, the
// default) first sets the shutdown and wake-up delays to the smallest the
// UPS offers (stepping through the values with -, as cluster-glue does,
// and restoring them afterwards), sends S (or @000 when S is refused),
// then succeeds only once the UPS has reported the load off and then on
// again; method=onoff is a verified off followed by on. A target that is
// not in hostlist is refused. list prints hostlist.
package apcsmart
