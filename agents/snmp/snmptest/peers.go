package snmptest

import (
	"math/rand/v2"
	"net"
	"strconv"
	"testing"
)

// Silent returns the port of a loopback UDP peer that reads every request
// and never answers (a hung device, or one dropping a wrong community).
func Silent(t testing.TB) string {
	t.Helper()
	return peer(t, nil)
}

// Garbage returns the port of a loopback UDP peer that answers every
// request with random bytes, sometimes behind a valid-looking BER
// sequence header.
func Garbage(t testing.TB) string {
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
func peer(t testing.TB, reply func([]byte) []byte) string {
	c := listen(t)
	t.Cleanup(func() { c.Close() })
	go func() {
		buf := make([]byte, 65536)
		for {
			n, from, err := c.ReadFromUDP(buf)
			if err != nil {
				return
			}
			if reply != nil {
				_, _ = c.WriteToUDP(reply(buf[:n]), from)
			}
		}
	}()
	return strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port)
}
