// Package sbd is the fence agent for SBD (STONITH Block Device): it fences
// a node by writing a poison pill into the node's mailbox on one to three
// shared disks, in sbd's own on-disk format, so that the sbd daemon on the
// target reads it and resets or powers off its own host (or its watchdog
// does, when it can no longer read the disk).
//
// The on-disk format (integers big-endian, sector size from the header):
// sector 0 is the header (magic "SBD_SBD_", version 2, number of slots,
// sector size, the watchdog, allocate, loop and msgwait timeouts, minor
// version 1, UUID); slot i lives in sector 1+2i (in-use flag, node name of
// up to 63 bytes) and its mailbox in sector 2+2i (command, sender name).
// The commands are clear (0), test (1), reset (2), off (3), exit (4) and
// crashdump (5). What this package writes is what "sbd -d DEV list" and
// "dump" read, and what "sbd -d DEV message NODE CMD" writes it reads.
//
// Writes go through O_DIRECT|O_SYNC (when the file system allows it) in
// whole sectors and are verified by reading them back. A message counts as
// delivered when it was written and verified on more than half of the
// devices (it is still written to every device that answers, as sbd
// does). Like sbd and fence_sbd, off and reboot then wait msgwait (from
// the header) before reporting success: a node that has not acted on its
// poison pill by then has been reset by its watchdog; that wait is the
// confirmation this kind of device gives.
//
// Actions: off and reboot send off and reset; on sends clear (removing a
// pending poison pill); status reports OFF when the node's mailbox holds
// reset or off (as fence_sbd does); list prints the nodes that own a
// slot; monitor reads every header. A target without a slot fails. Every
// disk access is bounded by io_timeout, so a hung or unreachable device
// fails within it.
package sbd
