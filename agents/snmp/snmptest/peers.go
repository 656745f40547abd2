package snmptest

import (
	"math/rand/v2"
	"net"
	"strconv"
	"sync/atomic"
	"testing"
)

// Peer is a loopback UDP peer for fault tests.
type Peer struct {
	Port     string
	requests atomic.Int64
}

// Requests returns how many datagrams the peer has received.
func (p *Peer) Requests() int64 { return p.requests.Load() }

// Silent starts a peer that reads every request and never answers (a hung
// device, or one dropping a wrong community).
func Silent(t testing.TB) *Peer {
	t.Helper()
	return peer(t, nil)
}

// Garbage starts a peer that answers every request with random bytes,
// sometimes behind a valid-looking BER sequence header.
func Garbage(t testing.TB) *Peer {
	t.Helper()
	return peer(t, func(in []byte) []byte {
		out := make([]byte, 1+rand.IntN(len(in)+64))
		for i := range out {
			out[i] = byte(rand.IntN(256))
		}
		if len(out) > 2 && rand.IntN(2) == 0 {
			out[0], out[1] = 0x30, byte(len(out)-2)
		}
		return out
	})
}

// peer serves UDP on loopback until the test ends, answering with reply
// (nil: never).
func peer(t testing.TB, reply func([]byte) []byte) *Peer {
	c := listen(t)
	t.Cleanup(func() { c.Close() })
	p := &Peer{Port: strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port)}
	go func() {
		buf := make([]byte, 65536)
		for {
			n, from, err := c.ReadFromUDP(buf)
			if err != nil {
				return
			}
			p.requests.Add(1)
			if reply != nil {
				_, _ = c.WriteToUDP(reply(buf[:n]), from)
			}
		}
	}()
	return p
}
