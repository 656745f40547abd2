//go:build !agentfront

package ipmi

import (
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// The guard stands between the BMC and go-ipmi: go-ipmi's client reads
// every datagram through it, and the guard passes on only datagrams that
// are well formed to the last byte and, where the session allows, proven
// to come from the BMC: the IPMI message checksums; for lan the session's
// authentication code (MD5, MD2 or the password); for lanplus the RAKP
// messages' authentication codes, each session packet's integrity code
// (with the keys the guard derives from the handshake it watches, as
// go-ipmi does) and, for an encrypted payload, the AES block structure
// and padding. Anything else is dropped as if lost on the network, so
// go-ipmi retries or times out, and a reply the BMC did not send never
// reaches it: go-ipmi v0.9.1 checks none of this, panics on an AES padding
// it does not expect (decryptPayload) and would read a corrupted "power
// off" as the truth.

// guardDialer is handed to go-ipmi as its UDP proxy: it dials the BMC and
// returns a connection whose reads pass the guard.
type guardDialer struct {
	cfg      *config
	log      *agents.Call
	accepted func(g *guard, b []byte) // when set, sees every datagram passed on (for tests)
}

// Dial ignores go-ipmi's address (which it formats without brackets for
// IPv6) and dials the configured BMC.
func (d *guardDialer) Dial(network, _ string) (net.Conn, error) {
	conn, err := net.Dial("udp", d.cfg.dialAddr())
	if err != nil {
		return nil, err
	}
	return &guardConn{Conn: conn, g: newGuard(d.cfg.password), log: d.log, addr: d.cfg.addr(), accepted: d.accepted}, nil
}

// guardConn is a UDP connection to the BMC that reads through a guard.
type guardConn struct {
	net.Conn
	g        *guard
	log      *agents.Call
	addr     string
	accepted func(g *guard, b []byte)
}

// Write tells the guard what was sent (it learns the session from it) and
// sends it.
func (c *guardConn) Write(b []byte) (int, error) {
	c.log.Tracef("%s: send %d bytes: %s", c.addr, len(b), c.g.sent(b))
	return c.Conn.Write(b)
}

// Read returns the next datagram the guard accepts; the others are
// dropped, and the read deadline go-ipmi set still bounds the wait.
func (c *guardConn) Read(b []byte) (int, error) {
	for {
		n, err := c.Conn.Read(b)
		if err != nil {
			return n, err
		}
		what, err := c.g.check(b[:n])
		if err == nil {
			c.log.Tracef("%s: recv %d bytes: %s", c.addr, n, what)
			if c.accepted != nil {
				c.accepted(c.g, append([]byte(nil), b[:n]...))
			}
			return n, nil
		}
		c.log.Debugf("%s: dropped a datagram of %d bytes: %s: %v", c.addr, n, what, err)
	}
}

// guard holds what it learned of the session from the datagrams sent.
type guard struct {
	mu       sync.Mutex
	password ocf.Secret
	auth15   byte // the auth type of the last IPMI 1.5 datagram sent
	sent15   bool
	id15     uint32 // the session of the last IPMI 1.5 datagram accepted
	seq15    uint32 // and its sequence number
	rmcpplus rmcpplusState
}

func newGuard(password ocf.Secret) *guard { return &guard{password: password} }

// The RMCP header (IPMI 2.0 §13.1.3).
const (
	rmcpVersion   = 0x06
	rmcpClassASF  = 0x06
	rmcpClassIPMI = 0x07
	rmcpHeaderLen = 4
	authRMCPPlus  = 0x06 // the auth type that marks an RMCP+ (IPMI 2.0) session header
)

// sent records a datagram go-ipmi sends and describes it.
func (g *guard) sent(b []byte) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(b) < rmcpHeaderLen+1 || b[3]&0x1f != rmcpClassIPMI {
		return "RMCP"
	}
	if b[4] != authRMCPPlus {
		g.auth15, g.sent15 = b[4], true
		return fmt.Sprintf("IPMI 1.5, auth type %d", b[4])
	}
	return g.rmcpplus.sent(b[rmcpHeaderLen:])
}

// check decides on a datagram from the BMC: a description, and an error
// when it must be dropped. It never panics: a bug here drops the datagram.
func (g *guard) check(b []byte) (what string, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			what, err = "a datagram", fmt.Errorf("guard: %v", r)
		}
	}()
	switch {
	case len(b) < rmcpHeaderLen+1:
		return "a runt", fmt.Errorf("%d bytes: shorter than an RMCP header", len(b))
	case b[0] != rmcpVersion:
		return "not RMCP", fmt.Errorf("version %#x", b[0])
	case b[3] == rmcpClassASF:
		return "RMCP ASF", errors.New("the agent sends no presence ping")
	case b[3] != rmcpClassIPMI:
		return "RMCP", fmt.Errorf("class %#x is not IPMI", b[3])
	case b[4] == authRMCPPlus:
		return g.rmcpplus.check(b[rmcpHeaderLen:], g.password)
	}
	return g.check15(b[rmcpHeaderLen:])
}

// checksumOK reports whether an IPMI message (a response: rqAddr, netFn,
// checksum, rsAddr, rqSeq, cmd, completion code, data, checksum) has both
// of its checksums right (IPMI 2.0 §13.8).
func checksumOK(m []byte) bool {
	return len(m) >= 8 && sum8(m[:3]) == 0 && sum8(m[3:]) == 0
}

func sum8(b []byte) byte {
	var s byte
	for _, x := range b {
		s += x
	}
	return s
}
