package kdump

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents/agenttest"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// cmdline writes a kernel command line for monitor.
func cmdline(t testing.TB, line string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "cmdline")
	if err := os.WriteFile(f, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func agent(t testing.TB) *Agent {
	return &Agent{Cmdline: cmdline(t, "BOOT_IMAGE=/vmlinuz root=/dev/vda1 crashkernel=256M quiet")}
}

func run(t testing.TB, a *Agent, stdin string, args []string) agenttest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return agenttest.Exec(ctx, a, "fence_exec_kdump", stdin, args)
}

// TestConformance runs the kit (the agent touches no power, so the power
// checks are skipped; off of the local host must still be refused).
func TestConformance(t *testing.T) {
	agenttest.Run(t, agenttest.Config{
		Agent: agent(t), Name: "fence_exec_kdump", Target: "127.0.0.1",
		Params: map[string]string{"ipport": peertest.FreeUDPPort(t), "timeout": "1"},
	})
}

// TestOff: off succeeds on the message of the real fence_kdump_send from
// the node named, over IPv4 and IPv6, by address, and with
// the node among several names.
func TestOff(t *testing.T) {
	for _, c := range []struct{ name, nodename, family, to string }{
		{"ipv4", "127.0.0.1", "auto", "127.0.0.1"},
		{"one of several", "192.0.2.7,127.0.0.1", "auto", "127.0.0.1"},
		{"ipv6", "::1", "ipv6", "::1"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			port := peertest.FreeUDPPort(t)
			peertest.StartKdumpSend(t, port, "-f", map[bool]string{true: "ipv6", false: "ipv4"}[c.family == "ipv6"], c.to)
			r := run(t, agent(t), agenttest.Stdin(ocf.ActionOff, map[string]string{"nodename": c.nodename, "ipport": port, "family": c.family, "timeout": "30"}), nil)
			if r.Code != 0 || r.Stdout != "" {
				t.Errorf("off of %s: %v", c.nodename, r)
			}
		})
	}
}

// TestOffOtherNode: messages from a node not named, with a bad magic
// number, a wrong version or too short are all discarded, and off fails
// when timeout passes.
func TestOffOtherNode(t *testing.T) {
	port := peertest.FreeUDPPort(t)
	peertest.StartKdumpSend(t, port, "127.0.0.1") // a real message, from 127.0.0.1
	bad := [][]byte{{1, 2, 3}, append([]byte{0, 0, 0, 0}, Message()[4:]...), append(Message()[:4], 2, 0, 0, 0)}
	done := make(chan struct{})
	go spray(t, done, "127.0.0.2", port, bad) // the named node sends only garbage
	r := run(t, agent(t), agenttest.Stdin(ocf.ActionOff, map[string]string{"nodename": "127.0.0.2", "ipport": port, "timeout": "2", "verbose": "1"}), nil)
	close(done)
	if r.Code != 1 || !strings.Contains(r.Stderr, "no valid message from 127.0.0.2 within 2s") {
		t.Errorf("off with no valid message from the node: %v", r)
	}
	for _, want := range []string{"discard message from '127.0.0.1': not a node named", "not a fence_kdump message", "invalid message version '0x2'"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("no %q in the diagnostics:\n%s", want, r.Stderr)
		}
	}
}

// spray sends each message from address from to 127.0.0.1:port every 20
// ms until done.
func spray(t testing.TB, done chan struct{}, from, port string, msgs [][]byte) {
	conn, err := net.DialUDP("udp4", &net.UDPAddr{IP: net.ParseIP(from)}, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: atoi(port)})
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		for _, m := range msgs {
			_, _ = conn.Write(m)
		}
		select {
		case <-done:
			return
		case <-tick.C:
		}
	}
}

// TestOffFaults: a port already taken, a name that does not resolve and
// mixed families fail at once with the reason.
func TestOffFaults(t *testing.T) {
	taken, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4zero})
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := strings.TrimPrefix(taken.LocalAddr().String(), "0.0.0.0:")
	for _, c := range []struct {
		params map[string]string
		want   string
	}{
		{map[string]string{"nodename": "127.0.0.1", "ipport": port}, "address already in use"},
		{map[string]string{"nodename": "no-such-node.invalid", "ipport": port}, `node "no-such-node.invalid"`},
		{map[string]string{"nodename": "127.0.0.1,::1", "ipport": port}, "mixing IPv4 and IPv6"},
		{map[string]string{"ipport": port}, "parameter nodename: required"},
		{map[string]string{"nodename": "127.0.0.1", "timeout": "0"}, "parameter timeout"},
		{map[string]string{"nodename": "127.0.0.1", "ipport": "0"}, "parameter ipport"},
	} {
		r := run(t, agent(t), agenttest.Stdin(ocf.ActionOff, c.params), nil)
		if r.Code != 1 || !strings.Contains(r.Stderr, c.want) {
			t.Errorf("%v: %v", c.params, r)
		}
	}
}

// TestMonitor: monitor follows crashkernel= on the kernel command line.
func TestMonitor(t *testing.T) {
	if r := run(t, agent(t), "action=monitor\n", nil); r.Code != 0 {
		t.Errorf("with crashkernel=: %v", r)
	}
	a := &Agent{Cmdline: cmdline(t, "root=/dev/vda1 quiet")}
	if r := run(t, a, "action=monitor\n", nil); r.Code != 1 || !strings.Contains(r.Stderr, "no crashkernel=") {
		t.Errorf("without crashkernel=: %v", r)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
