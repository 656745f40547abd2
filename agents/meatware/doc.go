// Package meatware is the manual fence agent, compatible both ways with
// cluster-glue's meatware plugin and its meatclient: fencing a node asks an
// operator to power-cycle it and waits for the acknowledgement.
//
// For off or reboot of a host in hostlist the agent creates the FIFO
// /run/meatware.<host> (mode 0600, the host name lower-cased), logs
// "OPERATOR INTERVENTION REQUIRED to reset <host>." at critical level (to
// syslog and stderr) and waits, up to operator_timeout or the caller's
// timeout, for a writer. The operator runs cluster-glue's
// "meatclient -c <host>" or "executioner meatclient -c <host>" after
// power-cycling the node; a confirmation is one 256-byte write of
// "meatware reply <host>" padded with NUL bytes. Only that reply for that
// host succeeds; a cancelled client (which closes without writing), a reply
// for another host, or the timeout fail. The FIFO is removed when the agent
// returns.
//
// [Open] and [Confirm] are the client side, used by executioner meatclient.
package meatware
