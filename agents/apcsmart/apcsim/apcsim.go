package apcsim

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/ocf"
	"golang.org/x/sys/unix"
)

// Fault is a misbehaviour the simulator can play.
type Fault int

// The faults.
const (
	Healthy Fault = iota
	Mute          // reads commands, never answers (a hung UPS)
	Garbled       // answers everything with nonsense
	Stuck         // accepts Z and Ctrl-N but the load never changes
)

// Sim is a Smart-UPS on the master side of a pty pair: it answers the
// commands of the serial protocol (Y, Q, p, r, -, S, @nnn, Z, Ctrl-N, ~, 8)
// and keeps the state a real unit has: the load on or off, a shutdown in
// progress (register 8 bit 0x08), the shutdown and wake-up delays. Z and
// Ctrl-N take effect only when sent twice, 1 to 4 s apart. A second of
// delay lasts tick.
type Sim struct {
	Path   string // the slave side, given to the client as ttydev
	master *os.File
	slave  *os.File // held open so the master never sees a hangup

	mu        sync.Mutex
	fault     Fault
	on        bool
	resetting bool
	delays    map[byte]int // 'p', 'r' -> index into values
	last      byte         // the variable '-' steps
	armed     map[byte]time.Time
	at        string // a pending @nnn
	tick      time.Duration
	trace     []string
	offs      int // how often the load went off
	done      chan struct{}
}

var values = map[byte][]string{'p': {"180", "020", "300", "600"}, 'r': {"060", "000", "180", "300"}}

// Start opens a pty pair and serves it until Close. A simulated second of
// delay lasts 50 ms.
func Start() (*Sim, error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, fmt.Errorf("pty: %w", err)
	}
	fail := func(err error) (*Sim, error) { m.Close(); return nil, fmt.Errorf("pty: %w", err) }
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return fail(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		return fail(err)
	}
	s := &Sim{Path: fmt.Sprintf("/dev/pts/%d", n), master: m, on: true, tick: 50 * time.Millisecond,
		delays: map[byte]int{'p': 0, 'r': 0}, armed: map[byte]time.Time{}, done: make(chan struct{})}
	if s.slave, err = os.OpenFile(s.Path, os.O_RDWR|unix.O_NOCTTY, 0); err != nil {
		return fail(err)
	}
	if err := makeRaw(int(s.slave.Fd())); err != nil {
		s.slave.Close()
		return fail(err)
	}
	go func() { defer close(s.done); s.serve() }()
	return s, nil
}

// Close stops the simulator.
func (s *Sim) Close() {
	s.master.Close()
	s.slave.Close()
	<-s.done
}

func makeRaw(fd int) error {
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag = tio.Cflag&^(unix.CSIZE|unix.PARENB) | unix.CS8
	return unix.IoctlSetTermios(fd, unix.TCSETS, tio)
}

func (s *Sim) serve() {
	b := make([]byte, 64)
	for {
		n, err := s.master.Read(b)
		if err != nil {
			if errors.Is(err, os.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // EIO while no client; keep serving
			continue
		}
		for _, c := range b[:n] {
			if r := s.handle(c); r != "" {
				s.master.Write([]byte(r))
			}
		}
	}
}

// handle takes one byte and returns the reply.
func (s *Sim) handle(c byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.fault {
	case Mute:
		return ""
	case Garbled:
		return "?#\r\n"
	}
	if s.at != "" || c == '@' {
		s.at += string(c)
		if len(s.at) < 4 {
			return ""
		}
		cmd := s.at
		s.at = ""
		s.log(cmd)
		return s.shutdown()
	}
	s.log(fmt.Sprintf("%q", c))
	switch c {
	case 'Y':
		return "SM\r\n"
	case 'Q':
		return "08\r\n"
	case 'p', 'r':
		s.last = c
		return values[c][s.delays[c]] + "\r\n"
	case '-':
		if s.last == 0 {
			return "NA\r\n"
		}
		s.delays[s.last] = (s.delays[s.last] + 1) % len(values[s.last])
		return "OK\r\n"
	case 'S':
		return s.shutdown()
	case 'Z', 0x0e:
		s.press(c)
		return ""
	case '~':
		if s.on {
			return "08\r\n"
		}
		return "48\r\n"
	case '8':
		if s.resetting {
			return "08\r\n"
		}
		return "00\r\n"
	}
	return "NA\r\n"
}

// press counts a Z or Ctrl-N: the second one 1 to 4 s after the first
// switches the load.
func (s *Sim) press(c byte) {
	first, ok := s.armed[c]
	gap := time.Since(first)
	if !ok || gap < time.Second || gap > 4*time.Second {
		s.armed[c] = time.Now()
		return
	}
	delete(s.armed, c)
	if s.fault == Stuck {
		return
	}
	if c == 'Z' && s.on {
		s.offs++
	}
	s.on = c != 'Z'
}

// shutdown starts the shutdown-and-return sequence: the load goes off
// after the shutdown delay and back on after the wake-up delay (at least
// a second).
func (s *Sim) shutdown() string {
	if !s.on || s.resetting {
		return "NA\r\n"
	}
	s.resetting = true
	down := s.seconds('p')
	up := max(s.seconds('r'), time.Second)
	time.AfterFunc(down, func() {
		s.mu.Lock()
		s.on = false
		s.offs++
		s.mu.Unlock()
		time.AfterFunc(up, func() {
			s.mu.Lock()
			s.on, s.resetting = true, false
			s.mu.Unlock()
		})
	})
	return "OK\r\n"
}

func (s *Sim) seconds(v byte) time.Duration {
	n, _ := strconv.Atoi(values[v][s.delays[v]])
	return time.Duration(n) * s.tick
}

func (s *Sim) log(cmd string) { s.trace = append(s.trace, cmd) }

// Power reads the load's state from the simulator's side.
func (s *Sim) Power() (ocf.Power, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ocf.Power(s.on), nil
}

// State summarises what a test checks: whether the load is on, the
// shutdown and wake-up delays, and how often the load went off.
func (s *Sim) State() (on bool, p, r string, offs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.on, values['p'][s.delays['p']], values['r'][s.delays['r']], s.offs
}

// Busy reports whether a shutdown-and-return is under way.
func (s *Sim) Busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resetting
}

// Set plays fault from now on and sets the load.
func (s *Sim) Set(fault Fault, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault, s.on = fault, on
}

// Commands returns every command received, in order.
func (s *Sim) Commands() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.trace, " ")
}
