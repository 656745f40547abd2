package ipmi

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"sync"
	"testing"

	"github.com/bougou/go-ipmi/pkg/crypto"
	"github.com/bougou/go-ipmi/pkg/types"
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// session is a login and a status through the guard, with the datagrams
// it passed on and the guard's state after them.
type session struct {
	g        *guard
	accepted [][]byte
}

// recordSession logs in to a BMC at port over lanplus or lan and reads the
// power, recording what the guard accepted.
func recordSession(t *testing.T, port, lanplus string) *session {
	t.Helper()
	p, err := ocf.ParseStdin(paramSpec(), strings.NewReader(stdinOf(params(port, "lanplus", lanplus))))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := check(p)
	if err == nil {
		err = cfg.resolve(context.Background(), p)
	}
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	s := &session{}
	call := &agents.Call{Params: p}
	d := &guardDialer{cfg: cfg, log: call, accepted: func(g *guard, b []byte) {
		mu.Lock()
		defer mu.Unlock()
		s.g, s.accepted = g, append(s.accepted, b)
	}}
	b, err := dialWith(context.Background(), cfg, call, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Power(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	b.close()
	mu.Lock()
	defer mu.Unlock()
	return s
}

func stdinOf(m map[string]string) string {
	var b strings.Builder
	for k, v := range m {
		b.WriteString(k + "=" + v + "\n")
	}
	return b.String()
}

// TestGuardRejectsEveryByteFlip takes the session datagrams a BMC sent
// (lanplus: authenticated and AES-encrypted; lan: MD5-authenticated) and
// changes each byte in turn: the guard must drop every changed datagram
// except for the RMCP header's reserved and sequence bytes, which carry
// nothing; it must also drop each original a second time (a replay).
func TestGuardRejectsEveryByteFlip(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	for _, lanplus := range []string{"1", "0"} {
		s := recordSession(t, bmc.port, lanplus)
		last := s.accepted[len(s.accepted)-2:] // Get Chassis Status and Close Session replies, in the session
		checked := 0
		for _, d := range last {
			if _, err := s.g.check(d); err == nil {
				t.Errorf("lanplus=%s: a replayed datagram was accepted", lanplus)
			}
			for i := range d {
				if i == 1 || i == 2 {
					continue
				}
				for _, x := range []byte{0x01, 0x80, 0xff} {
					c := bytes.Clone(d)
					c[i] ^= x
					g := &guard{password: s.g.password, auth15: s.g.auth15, sent15: s.g.sent15, id15: s.g.id15, rmcpplus: s.g.rmcpplus}
					g.rmcpplus.lastSeq = 0 // judge the change, not the replay
					if what, err := g.check(c); err == nil {
						t.Errorf("lanplus=%s: byte %d of %d xor %#x accepted (%s)", lanplus, i, len(d), x, what)
					}
					checked++
				}
			}
		}
		t.Logf("lanplus=%s: %d changed datagrams dropped", lanplus, checked)
	}
}

// FuzzGuard: the guard never panics (a panic it recovers from is reported
// with the "guard:" prefix) and never accepts a datagram outside a session
// it has seen set up, on any input: as the first datagram, and after a
// real lanplus session.
func FuzzGuard(f *testing.F) {
	f.Add([]byte{0x06, 0x00, 0xff, 0x07, 0x06, 0xc0, 0, 0, 0, 0, 1, 0, 0, 0, 0x20, 0})
	f.Add([]byte{0x06, 0x00, 0xff, 0x07, 0x02, 1, 0, 0, 0, 2, 0, 0, 0})
	f.Add([]byte{0x06, 0x00, 0xff, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0x81, 0x1c, 0x63, 0x20, 0x04, 0x38, 0x00, 0xa4})
	f.Fuzz(func(t *testing.T, b []byte) {
		g := newGuard(ocf.NewSecret("pw"))
		if _, err := g.check(b); err != nil && strings.HasPrefix(err.Error(), "guard:") {
			t.Fatalf("panic: %v", err)
		}
		g.sent([]byte{0x06, 0x00, 0xff, 0x07, 0x06, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0})
		if _, err := g.check(b); err != nil && strings.HasPrefix(err.Error(), "guard:") {
			t.Fatalf("panic after an Open Session Request: %v", err)
		}
		g.sent(b)
		if _, err := g.check(b); err != nil && strings.HasPrefix(err.Error(), "guard:") {
			t.Fatalf("panic after sending the input: %v", err)
		}
	})
}

// TestGuardBadPadding builds the datagram go-ipmi v0.9.1 panics on: an
// authentic lanplus reply (a valid integrity code) whose AES padding length
// is larger than the message, as a broken BMC could send it. The guard
// drops it for its padding alone.
func TestGuardBadPadding(t *testing.T) {
	bmc := startBMC(t, testUser, testPass)
	s := recordSession(t, bmc.port, "1")
	st := &s.g.rmcpplus
	d := s.accepted[len(s.accepted)-1]
	n := int(binary.LittleEndian.Uint16(d[14:16]))
	plainMsg, err := crypto.DecryptAESPayload(d[16:16+n], st.k2)
	if err != nil {
		t.Fatal(err)
	}
	padded := make([]byte, (len(plainMsg)/16+1)*16)
	copy(padded, plainMsg)
	padded[len(padded)-1] = 0xf0 // a pad length past the message
	iv := bytes.Repeat([]byte{7}, 16)
	ct, err := crypto.EncryptAES(padded, st.k2[:16], iv)
	if err != nil {
		t.Fatal(err)
	}
	payload := append(iv, ct...)
	pkt := append(bytes.Clone(d[:14]), 0, 0)
	binary.LittleEndian.PutUint16(pkt[14:16], uint16(len(payload)))
	pkt = append(pkt, payload...)
	pad := types.IntegrityPadLen(plusHeaderLen, len(payload))
	pkt = append(pkt, bytes.Repeat([]byte{0xff}, pad)...)
	pkt = append(pkt, byte(pad), plusNextHeader)
	code, err := crypto.SessionIntegrityAuthCode(types.IntegrityAlg(st.algs[1]), pkt[4:], st.k1, testPass)
	if err != nil {
		t.Fatal(err)
	}
	pkt = append(pkt, code...)
	st.lastSeq = 0
	if _, err := s.g.check(pkt); err == nil || !strings.Contains(err.Error(), "pad length") {
		t.Errorf("a reply with a bad AES padding: %v", err)
	}
}
