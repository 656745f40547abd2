package apcsmart

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.bug.st/serial"
)

// Protocol timing, as cluster-glue's plugin uses it.
const (
	baud       = 2400
	replyLimit = 3 * time.Second        // the longest wait for one reply
	byteGap    = 50 * time.Millisecond  // pause after each byte written
	maxReply   = 64                     // the longest reply accepted
	settle     = 100 * time.Millisecond // pause after a command without reply
)

// line is an open connection to a UPS.
type line struct {
	port serial.Port
	dev  string
	stop func() bool // detaches the context watcher
}

// dial opens dev at 2400 baud. When ctx ends the port is closed, which
// makes a pending read return at once.
func dial(ctx context.Context, dev string) (*line, error) {
	p, err := serial.Open(dev, &serial.Mode{BaudRate: baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dev, err)
	}
	l := &line{port: p, dev: dev}
	l.stop = context.AfterFunc(ctx, func() { p.Close() })
	return l, nil
}

// close releases the port.
func (l *line) close() error {
	l.stop()
	return l.port.Close()
}

// send discards pending input and writes cmd a byte at a time.
func (l *line) send(ctx context.Context, cmd string) error {
	if err := l.port.ResetInputBuffer(); err != nil {
		return fmt.Errorf("%s: flush: %w", l.dev, err)
	}
	for i := 0; i < len(cmd); i++ {
		if _, err := l.port.Write([]byte{cmd[i]}); err != nil {
			return fmt.Errorf("%s: write %q: %w", l.dev, cmd, err)
		}
		if err := pause(ctx, byteGap); err != nil {
			return err
		}
	}
	return nil
}

// recv reads one reply: up to LF with CR dropped, or a lone "*".
func (l *line) recv(ctx context.Context, cmd string) (string, error) {
	deadline := time.Now().Add(replyLimit)
	var buf bytes.Buffer
	b := make([]byte, 1)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return "", fmt.Errorf("%s: no reply to %q within %v", l.dev, cmd, replyLimit)
		}
		if err := l.port.SetReadTimeout(left); err != nil {
			return "", fmt.Errorf("%s: %w", l.dev, err)
		}
		n, err := l.port.Read(b)
		if ctx.Err() != nil {
			return "", fmt.Errorf("%s: interrupted waiting for the reply to %q: %w", l.dev, cmd, ctx.Err())
		}
		if err != nil {
			return "", fmt.Errorf("%s: read: %w", l.dev, err)
		}
		if n == 0 {
			continue
		}
		switch c := b[0]; {
		case c == '*' && buf.Len() == 0:
			return "*", nil
		case c == '\n':
			return buf.String(), nil
		case c == '\r':
		case c < 0x20 || c > 0x7e || buf.Len() >= maxReply:
			return "", fmt.Errorf("%s: malformed reply to %q (byte 0x%02x after %q)", l.dev, cmd, c, buf.String())
		default:
			buf.WriteByte(c)
		}
	}
}

// ask sends cmd and returns the reply.
func (l *line) ask(ctx context.Context, cmd string) (string, error) {
	if err := l.send(ctx, cmd); err != nil {
		return "", err
	}
	return l.recv(ctx, cmd)
}

// smart puts the UPS in smart mode (Y, answer SM).
func (l *line) smart(ctx context.Context) error {
	r, err := l.ask(ctx, "Y")
	if err != nil {
		return err
	}
	if r != "SM" {
		return fmt.Errorf("%s: smart mode: the UPS answered %q, want \"SM\"", l.dev, r)
	}
	return nil
}

// query enters smart mode and asks cmd.
func (l *line) query(ctx context.Context, cmd string) (string, error) {
	if err := l.smart(ctx); err != nil {
		return "", err
	}
	return l.ask(ctx, cmd)
}

// register reads a status register (~ or 8) as a hex byte.
func (l *line) register(ctx context.Context, cmd string) (byte, error) {
	r, err := l.query(ctx, cmd)
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseUint(r, 16, 8)
	if err != nil || len(r) != 2 {
		return 0, fmt.Errorf("%s: register %s: reply %q is not two hex digits", l.dev, cmd, r)
	}
	return byte(v), nil
}

// pause waits d or until ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("interrupted: %w", ctx.Err())
	}
}

// errRefused is a command the UPS answered NA to.
var errRefused = errors.New("refused by the UPS")
