package sbd

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// Command is a mailbox message.
type Command int8

// The mailbox commands sbd knows.
const (
	Clear     Command = 0
	Test      Command = 1
	Reset     Command = 2
	Off       Command = 3
	Exit      Command = 4
	Crashdump Command = 5
)

var commandNames = []string{"clear", "test", "reset", "off", "exit", "crashdump"}

// String returns the name sbd list prints.
func (c Command) String() string {
	if c >= 0 && int(c) < len(commandNames) {
		return commandNames[c]
	}
	return fmt.Sprintf("unknown(%d)", int(c))
}

// ParseCommand returns the command called name.
func ParseCommand(name string) (Command, error) {
	for i, n := range commandNames {
		if n == name {
			return Command(i), nil
		}
	}
	return 0, fmt.Errorf("unknown sbd message %q (want one of %s)", name, strings.Join(commandNames, ", "))
}

// Layout constants of sbd's format.
const (
	magic      = "SBD_SBD_"
	version    = 2
	minVersion = 1
	nameLen    = 64 // name fields include their NUL
	headerLen  = 49
)

// Header is sector 0 of an sbd device.
type Header struct {
	Version, MinorVersion byte
	Slots                 int
	SectorSize            int
	Watchdog, Allocate    uint32 // timeouts in seconds
	Loop, MsgWait         uint32
	UUID                  [16]byte
}

// ParseHeader decodes a header sector. It fails on a foreign or damaged
// header naming the field.
func ParseHeader(b []byte) (*Header, error) {
	if len(b) < headerLen {
		return nil, fmt.Errorf("header: %d bytes, want %d", len(b), headerLen)
	}
	if string(b[:8]) != magic {
		return nil, errors.New("header: no sbd magic (not an sbd device, or not initialised with sbd create)")
	}
	h := &Header{Version: b[8], Slots: int(b[9]), MinorVersion: b[32]}
	be := binary.BigEndian
	h.SectorSize = int(be.Uint32(b[12:]))
	h.Watchdog, h.Allocate, h.Loop, h.MsgWait = be.Uint32(b[16:]), be.Uint32(b[20:]), be.Uint32(b[24:]), be.Uint32(b[28:])
	copy(h.UUID[:], b[33:49])
	switch {
	case h.Version != version:
		return nil, fmt.Errorf("header: version %d, want %d", h.Version, version)
	case h.SectorSize < 512 || h.SectorSize > 65536 || h.SectorSize&(h.SectorSize-1) != 0:
		return nil, fmt.Errorf("header: sector size %d is not a power of two from 512 to 65536", h.SectorSize)
	case h.Slots == 0:
		return nil, errors.New("header: no slots")
	case h.MsgWait > 3600:
		return nil, fmt.Errorf("header: msgwait timeout %d s is implausible", h.MsgWait)
	}
	return h, nil
}

// Marshal encodes the header into one sector.
func (h *Header) Marshal() []byte {
	b := make([]byte, h.SectorSize)
	copy(b, magic)
	b[8], b[9], b[32] = h.Version, byte(h.Slots), h.MinorVersion
	be := binary.BigEndian
	be.PutUint32(b[12:], uint32(h.SectorSize))
	be.PutUint32(b[16:], h.Watchdog)
	be.PutUint32(b[20:], h.Allocate)
	be.PutUint32(b[24:], h.Loop)
	be.PutUint32(b[28:], h.MsgWait)
	copy(b[33:], h.UUID[:])
	return b
}

// slotSector and mboxSector locate slot i and its mailbox.
func slotSector(i int) int64 { return int64(1 + 2*i) }
func mboxSector(i int) int64 { return int64(2 + 2*i) }

// parseSlot decodes a slot sector: whether it is in use, and its name.
func parseSlot(b []byte) (bool, string) {
	return b[0] != 0, cstring(b[1 : 1+nameLen])
}

// Mailbox is a decoded mailbox sector.
type Mailbox struct {
	Cmd  Command
	From string
}

func parseMailbox(b []byte) Mailbox {
	return Mailbox{Cmd: Command(int8(b[0])), From: cstring(b[1 : 1+nameLen])}
}

// marshalMailbox encodes a mailbox into a sector of size n.
func marshalMailbox(m Mailbox, n int) []byte {
	b := make([]byte, n)
	b[0] = byte(m.Cmd)
	copy(b[1:nameLen], m.From) // the last byte of the field stays NUL
	return b
}

// cstring returns the bytes up to the first NUL.
func cstring(b []byte) string {
	s, _, _ := bytes.Cut(b, []byte{0})
	return string(s)
}
