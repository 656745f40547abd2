//go:build !agentfront

package ipmi

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/bougou/go-ipmi/pkg/crypto"
	"github.com/bougou/go-ipmi/pkg/types"
)

// IPMI 1.5 session header (IPMI 2.0 §13.6): auth type, session sequence,
// session ID, the 16-byte auth code unless the auth type is none, the
// message length and the message, maybe a legacy pad byte.
const (
	lanHeaderLen = 9
	lanAuthLen   = 16
)

// check15 checks an IPMI 1.5 datagram (after the RMCP header): its layout,
// that it answers in the auth type of the last request, its checksums and
// its auth code.
func (g *guard) check15(b []byte) (string, error) {
	if len(b) < lanHeaderLen+1 {
		return "IPMI 1.5", fmt.Errorf("%d bytes: shorter than its session header", len(b))
	}
	authType := types.AuthType(b[0])
	seq, id := binary.LittleEndian.Uint32(b[1:5]), binary.LittleEndian.Uint32(b[5:9])
	what := fmt.Sprintf("IPMI 1.5, auth type %d, session %#x, sequence %d", authType, id, seq)
	off := lanHeaderLen
	var code []byte
	if authType != types.AuthTypeNone {
		if len(b) < off+lanAuthLen+1 {
			return what, errors.New("shorter than its auth code")
		}
		code, off = b[off:off+lanAuthLen], off+lanAuthLen
	}
	n := int(b[off])
	msg := b[off+1:]
	switch {
	case len(msg) == n+1 && msg[n] == 0: // the legacy pad byte
		msg = msg[:n]
	case len(msg) != n:
		return what, fmt.Errorf("message length %d in a datagram with %d bytes for it", n, len(msg))
	}
	switch {
	case !g.sent15:
		return what, errors.New("no IPMI 1.5 request was sent")
	case authType != types.AuthType(g.auth15):
		return what, fmt.Errorf("auth type %d does not answer a request sent with auth type %d", authType, g.auth15)
	case !checksumOK(msg):
		return what, errors.New("IPMI message checksum wrong")
	case id != 0 && id == g.id15 && seq != 0 && seq <= g.seq15:
		return what, fmt.Errorf("sequence %d after %d: a repeated or replayed datagram", seq, g.seq15)
	}
	// An error reply can only fail the run: it passes unauthenticated (the
	// BMC may answer a wrong password's request with an auth code made of
	// the right one).
	if msg[6] != 0 {
		return what, nil
	}
	switch authType {
	case types.AuthTypeMD5, types.AuthTypeMD2, types.AuthTypePassword:
		want := crypto.AuthCodeMultiSession(authType, []byte(g.password.Reveal()), id, seq, msg)
		if subtle.ConstantTimeCompare(want, code) != 1 {
			return what, errors.New("auth code wrong (corrupted, or not from the BMC)")
		}
	}
	if id != 0 && seq != 0 {
		g.id15, g.seq15 = id, seq
	}
	return what, nil
}
