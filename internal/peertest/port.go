package peertest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Ports handed to tests lie below the kernel's ephemeral range, so no
// socket bound to port 0 (a sender's source port, a peer's own listener)
// can take one between the moment it is chosen and the moment the peer
// under test binds it. Each is also reserved, for as long as the test
// runs, by an exclusive lock on a file named after it, so two tests, in
// this process or in another package's, never get the same one.
const lowestTestPort = 20000

// FreeUDPPort returns a UDP port nothing listens on now, reserved for t.
func FreeUDPPort(t testing.TB) string {
	t.Helper()
	return reservePort(t, "udp", func(port int) error {
		pc, err := net.ListenPacket("udp", ":"+strconv.Itoa(port))
		if err != nil {
			return err
		}
		return pc.Close()
	})
}

// FreeTCPPort returns a TCP port nothing listens on now, reserved for t.
func FreeTCPPort(t testing.TB) string {
	t.Helper()
	return reservePort(t, "tcp", func(port int) error {
		l, err := net.Listen("tcp", ":"+strconv.Itoa(port))
		if err != nil {
			return err
		}
		return l.Close()
	})
}

// reservePort picks a port below the ephemeral range that free accepts
// and holds its lock file until t ends.
func reservePort(t testing.TB, proto string, free func(port int) error) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "executioner-test-ports")
	if err := os.MkdirAll(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	high := ephemeralLow() - 1
	if high <= lowestTestPort {
		t.Fatalf("the ephemeral port range starts at %d: no room for test ports", high+1)
	}
	for range 1000 {
		port := lowestTestPort + rand.IntN(high-lowestTestPort+1)
		f, err := os.OpenFile(filepath.Join(dir, proto+"-"+strconv.Itoa(port)), os.O_CREATE|os.O_RDWR, 0o666)
		if err != nil {
			t.Fatal(err)
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			f.Close()
			continue
		}
		if free(port) != nil {
			f.Close()
			continue
		}
		t.Cleanup(func() { f.Close() })
		return strconv.Itoa(port)
	}
	t.Fatalf("no free %s port in %d-%d", proto, lowestTestPort, high)
	return ""
}

// ephemeralLow is the first port the kernel hands out for port 0.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		var low, high int
		if _, err := fmt.Sscan(strings.TrimSpace(string(b)), &low, &high); err == nil && low > 0 {
			return low
		}
	}
	return 32768
}
