package sbd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

// align is the buffer and offset alignment O_DIRECT needs (a page covers
// every logical block size).
const align = 4096

// Device is an open sbd device.
type Device struct {
	Path   string
	Header *Header
	f      *os.File
}

// Open opens path, a block device or a file (O_DIRECT|O_SYNC, or O_SYNC alone where the file system
// refuses O_DIRECT) and reads its header.
func Open(path string) (*Device, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if t := fi.Mode().Type(); t != 0 && t != os.ModeDevice {
		return nil, fmt.Errorf("%s: not a block device or a file", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_DIRECT|os.O_SYNC, 0)
	if errors.Is(err, syscall.EINVAL) {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_SYNC, 0)
	}
	if err != nil {
		return nil, err
	}
	d := &Device{Path: path, f: f}
	b, err := d.read(0, align)
	if err != nil {
		f.Close()
		return nil, err
	}
	if d.Header, err = ParseHeader(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Close closes the device.
func (d *Device) Close() error { return d.f.Close() }

// buffer returns n bytes of memory aligned for O_DIRECT.
func buffer(n int) []byte {
	b := make([]byte, n+align)
	off := align - int(uintptr(unsafe.Pointer(&b[0]))&(align-1))
	return b[off%align : off%align+n]
}

// read reads n bytes at byte offset off.
func (d *Device) read(off int64, n int) ([]byte, error) {
	b := buffer(n)
	got, err := d.f.ReadAt(b, off)
	if got != n {
		if err == nil {
			err = errors.New("short read")
		}
		return nil, fmt.Errorf("%s: read %d bytes at %d: %w", d.Path, n, off, err)
	}
	return b, nil
}

// sector reads sector i.
func (d *Device) sector(i int64) ([]byte, error) {
	n := d.Header.SectorSize
	return d.read(i*int64(n), n)
}

// Slots returns the names of the slots in use, indexed by slot number
// ("" for a free slot).
func (d *Device) Slots() ([]string, error) {
	n := d.Header.SectorSize
	b, err := d.read(slotSector(0)*int64(n), 2*d.Header.Slots*n)
	if err != nil {
		return nil, err
	}
	names := make([]string, d.Header.Slots)
	for i := range names {
		if used, name := parseSlot(b[2*i*n:]); used {
			names[i] = name
		}
	}
	return names, nil
}

// Slot returns the slot node owns.
func (d *Device) Slot(node string) (int, error) {
	names, err := d.Slots()
	if err != nil {
		return 0, err
	}
	for i, n := range names {
		if n != "" && n == node {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%s: node %q has no slot", d.Path, node)
}

// Mailbox reads the mailbox of slot i.
func (d *Device) Mailbox(i int) (Mailbox, error) {
	b, err := d.sector(mboxSector(i))
	if err != nil {
		return Mailbox{}, err
	}
	return parseMailbox(b), nil
}

// Send writes m into the mailbox of node and verifies it by reading it
// back.
func (d *Device) Send(node string, m Mailbox) error {
	i, err := d.Slot(node)
	if err != nil {
		return err
	}
	n := d.Header.SectorSize
	out := buffer(n)
	copy(out, marshalMailbox(m, n))
	off := mboxSector(i) * int64(n)
	if _, err := d.f.WriteAt(out, off); err != nil {
		return fmt.Errorf("%s: write mailbox of %q: %w", d.Path, node, err)
	}
	back, err := d.read(off, n)
	if err != nil {
		return err
	}
	if !bytes.Equal(back, out) {
		return fmt.Errorf("%s: the mailbox of %q reads back differently", d.Path, node)
	}
	return nil
}
