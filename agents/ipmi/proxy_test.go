package ipmi

import (
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

// corrupter damages a share of the datagrams a BMC sends, the ways a bad
// network or a broken BMC does: bytes flipped anywhere or near the end
// (where an AES payload's padding and the integrity code are), cut short,
// lengthened, garbled past the header, lost, or delivered twice (once
// damaged). It is seeded, so a failing run can be replayed.
type corrupter struct {
	mu        sync.Mutex
	rng       *rand.Rand
	rate      float64
	seen, hit int
}

func newCorrupter(rate float64, seed uint64) *corrupter {
	return &corrupter{rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), rate: rate}
}

// deliver returns what reaches the client for one datagram from the BMC.
func (c *corrupter) deliver(b []byte) [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen++
	if c.rng.Float64() >= c.rate {
		return [][]byte{b}
	}
	c.hit++
	d := append([]byte(nil), b...)
	flip := func(lo int) {
		if lo >= len(d) {
			lo = 0
		}
		d[lo+c.rng.IntN(len(d)-lo)] ^= byte(1 + c.rng.IntN(255))
	}
	switch c.rng.IntN(7) {
	case 0: // one to three bytes anywhere
		for n := 1 + c.rng.IntN(3); n > 0; n-- {
			flip(0)
		}
	case 1: // near the end: the last AES block, the padding, the auth code
		flip(max(len(d)-32, 0))
	case 2:
		d = d[:c.rng.IntN(len(d))]
	case 3:
		for n := 1 + c.rng.IntN(32); n > 0; n-- {
			d = append(d, byte(c.rng.IntN(256)))
		}
	case 4: // garbage after the RMCP and session headers
		for i := min(16, len(d)); i < len(d); i++ {
			d[i] = byte(c.rng.IntN(256))
		}
	case 5:
		return nil
	case 6:
		flip(0)
		return [][]byte{b, d}
	}
	return [][]byte{d}
}

func (c *corrupter) counts() (seen, hit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen, c.hit
}

// idle is how long the proxy keeps a client's relay without traffic.
const idle = 10 * time.Second

// startProxy relays UDP between clients and the BMC at backend (a port on
// 127.0.0.1), passing the BMC's datagrams through c. It returns its port
// and stops when the test ends.
func startProxy(t testing.TB, backend string, c *corrupter) string {
	t.Helper()
	front, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	bport, _ := strconv.Atoi(backend)
	baddr := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: bport}
	var mu sync.Mutex
	var wg sync.WaitGroup
	peers := map[string]*net.UDPConn{}
	relay := func(conn *net.UDPConn, client *net.UDPAddr) {
		defer wg.Done()
		defer func() { // a client port is used for one agent run: forget it once idle
			mu.Lock()
			if peers[client.String()] == conn {
				delete(peers, client.String())
			}
			mu.Unlock()
			conn.Close()
		}()
		buf := make([]byte, 4096)
		for {
			_ = conn.SetReadDeadline(time.Now().Add(idle))
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			for _, d := range c.deliver(append([]byte(nil), buf[:n]...)) {
				_, _ = front.WriteToUDP(d, client)
			}
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 4096)
		for {
			n, client, err := front.ReadFromUDP(buf)
			if err != nil {
				return
			}
			mu.Lock()
			conn := peers[client.String()]
			if conn == nil {
				if conn, err = net.DialUDP("udp", nil, baddr); err != nil {
					mu.Unlock()
					continue
				}
				peers[client.String()] = conn
				wg.Add(1)
				go relay(conn, client)
			}
			mu.Unlock()
			_, _ = conn.Write(buf[:n])
		}
	}()
	t.Cleanup(func() {
		front.Close()
		mu.Lock()
		for _, conn := range peers {
			conn.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return strconv.Itoa(front.LocalAddr().(*net.UDPAddr).Port)
}
