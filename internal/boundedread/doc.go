// Package boundedread reads the files and streams a command takes as input
// (CIBs, edit input, crm text) without letting a hostile source hang it or
// exhaust its memory.
//
// File refuses anything but a regular file before reading a byte: a FIFO
// (which would block until a writer comes), a character device such as
// /dev/zero (endless), a socket or a directory. It opens without blocking,
// so a FIFO put in place of the file after it was checked is refused too.
// Reader reads a stream (standard input): from a pipe until the end of
// input, returning as soon as the context is done; a device other than a
// terminal is refused like a file. Both refuse more than a limit with
// ErrTooLarge, having read at most the limit and one byte more.
//
// The errors name the file; errors.Is tells ErrNotRegular and ErrTooLarge
// apart from an I/O error, and a read cut short by the context returns the
// context's cause. The limit may travel in the context (WithLimit), so a
// command sets it once for every reader it calls.
package boundedread
