package snmptest

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// Netns is a network namespace a test created, with its loopback up.
type Netns struct {
	Name string
	ip   string
}

var netnsSeq atomic.Int32

// NewNetns creates a network namespace (deleted, with its ports, when the
// test ends). It needs root and iproute2's ip.
func NewNetns(t testing.TB) *Netns {
	t.Helper()
	peertest.Root(t)
	n := &Netns{Name: fmt.Sprintf("exsnmp-%d-%d", os.Getpid(), netnsSeq.Add(1)), ip: peertest.Program(t, "ip")}
	n.run(t, "netns", "add", n.Name)
	t.Cleanup(func() { _ = exec.Command(n.ip, "netns", "del", n.Name).Run() })
	n.run(t, "-n", n.Name, "link", "set", "lo", "up")
	return n
}

// OpenNetns is a network namespace that exists already (one of a test
// rig's, say); it stays when the test ends.
func OpenNetns(t testing.TB, name string) *Netns {
	t.Helper()
	peertest.Root(t)
	n := &Netns{Name: name, ip: peertest.Program(t, "ip")}
	n.run(t, "-n", name, "link", "show", "lo")
	return n
}

func (n *Netns) run(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command(n.ip, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// AddPort adds a veth pair whose end called port is in the namespace (the
// other end stays in the test's namespace), both up, and returns the
// port's ifIndex in the namespace.
func (n *Netns) AddPort(t testing.TB, port string) int {
	t.Helper()
	peer := fmt.Sprintf("exv%d", netnsSeq.Add(1)+int32(os.Getpid()%10000)*100)
	n.run(t, "link", "add", peer, "type", "veth", "peer", "name", port, "netns", n.Name)
	t.Cleanup(func() { _ = exec.Command(n.ip, "link", "del", peer).Run() })
	n.run(t, "link", "set", peer, "up")
	n.run(t, "-n", n.Name, "link", "set", port, "up")
	out := n.run(t, "-n", n.Name, "-o", "link", "show", "dev", port)
	i, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(out, ":", 2)[0]))
	if err != nil {
		t.Fatalf("ifindex of %s: %q", port, out)
	}
	return i
}

// Up reports whether the port is administratively up (IFF_UP), as the
// kernel of the namespace has it.
func (n *Netns) Up(port string) (bool, error) {
	out, err := exec.Command(n.ip, "-n", n.Name, "-o", "link", "show", "dev", port).CombinedOutput()
	if err != nil {
		return false, fmt.Errorf("ip link show %s: %v: %s", port, err, out)
	}
	_, flags, ok := strings.Cut(string(out), "<")
	flags, _, _ = strings.Cut(flags, ">")
	if !ok {
		return false, fmt.Errorf("ip link show %s: no flags in %q", port, out)
	}
	for _, f := range strings.Split(flags, ",") {
		if f == "UP" {
			return true, nil
		}
	}
	return false, nil
}

// Command returns a command that runs inside the namespace.
func (n *Netns) Command(name string, args ...string) *exec.Cmd {
	return exec.Command(n.ip, append([]string{"netns", "exec", n.Name, name}, args...)...)
}
