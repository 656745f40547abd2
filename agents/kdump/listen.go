package kdump

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
)

// The message fence_kdump_send sends: two 32-bit words in the sender's
// byte order, a magic number and the version.
const (
	magic   = 0x1B302A40
	version = 1
	msgLen  = 8
)

// Message returns the message a crashed node sends, in this host's byte
// order (fence_kdump_send's).
func Message() []byte {
	b := make([]byte, msgLen)
	binary.NativeEndian.PutUint32(b, magic)
	binary.NativeEndian.PutUint32(b[4:], version)
	return b
}

// off listens on ipport until one of the nodes sends a valid message, or
// timeout passes.
func off(ctx context.Context, c *agents.Call, cfg *config) error {
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	want, network, err := resolve(ctx, cfg)
	if err != nil {
		return err
	}
	ip := net.IPv4zero
	if network == "udp6" {
		ip = net.IPv6unspecified
	}
	conn, err := net.ListenUDP(network, &net.UDPAddr{IP: ip, Port: cfg.port})
	if err != nil {
		return fmt.Errorf("off: listen: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Now()) })
	defer stop()
	for _, n := range cfg.nodes {
		c.Logf("waiting for message from '%s'", n)
	}
	buf := make([]byte, 512)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if ctx.Err() != nil {
			c.Logf("timeout after %d seconds", int(cfg.timeout/time.Second))
			return fmt.Errorf("off: no valid message from %s within %v (timeout)", strings.Join(cfg.nodes, ", "), cfg.timeout)
		}
		if err != nil {
			return fmt.Errorf("off: %w", err)
		}
		addr := from.Addr().Unmap()
		switch {
		case n < msgLen || binary.NativeEndian.Uint32(buf) != magic:
			c.Debugf("discard message from '%s': not a fence_kdump message", addr)
		case !want[addr]:
			c.Debugf("discard message from '%s': not a node named", addr)
		case binary.NativeEndian.Uint32(buf[4:]) != version:
			c.Debugf("invalid message version '0x%X' from '%s'", binary.NativeEndian.Uint32(buf[4:]), addr)
		default:
			c.Logf("received valid message from '%s'", addr)
			return nil
		}
	}
}

// resolve returns the addresses the nodes' messages may come from, all of
// one family, and the network to listen on.
func resolve(ctx context.Context, cfg *config) (map[netip.Addr]bool, string, error) {
	family := map[string]string{"auto": "ip", "ipv4": "ip4", "ipv6": "ip6"}[cfg.family]
	want := map[netip.Addr]bool{}
	v6 := false
	for i, n := range cfg.nodes {
		addrs, err := net.DefaultResolver.LookupNetIP(ctx, family, n)
		if err != nil {
			return nil, "", fmt.Errorf("off: node %q: %w", n, err)
		}
		if i == 0 {
			v6 = !addrs[0].Unmap().Is4()
		}
		found := false
		for _, a := range addrs {
			if a = a.Unmap(); a.Is4() != v6 {
				want[a], found = true, true
			}
		}
		if !found {
			return nil, "", errors.New("off: nodename: mixing IPv4 and IPv6 nodes is not supported")
		}
	}
	if v6 {
		return want, "udp6", nil
	}
	return want, "udp4", nil
}
