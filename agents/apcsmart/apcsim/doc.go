// Package apcsim is an APC Smart-UPS on a pty pair, for testing the
// apcsmart agent. Its state (load on or off, a shutdown in progress, the
// shutdown and wake-up delays) follows the commands of the serial
// protocol as a real unit's does; the apcsmart tests drive it with
// cluster-glue's own apcsmart plugin to show that it is faithful.
package apcsim
