//go:build !agentfront

package ipmi

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/bougou/go-ipmi/pkg/crypto"
	"github.com/bougou/go-ipmi/pkg/types"
	"github.com/executioner-ha/executioner/ocf"
)

// The RMCP+ session header (IPMI 2.0 §13.6): auth type 0x06, payload type
// (bit 7 encrypted, bit 6 authenticated), session ID, sequence, payload
// length; then the payload and, when authenticated, the integrity trailer
// (pad, pad length, next header 0x07, auth code).
const (
	plusHeaderLen  = 12
	plusNextHeader = 0x07
	plusEncrypted  = 0x80
	plusAuthed     = 0x40
)

// The payload types the guard knows (IPMI 2.0 §13.27.3).
const (
	payloadIPMI        = 0x00
	payloadOpenRequest = 0x10
	payloadOpenReply   = 0x11
	payloadRAKP1       = 0x12
	payloadRAKP2       = 0x13
	payloadRAKP4       = 0x15
)

// rmcpplusState is the RMCP+ session as the guard sees it being set up.
type rmcpplusState struct {
	consoleID uint32
	requested [3]byte // authentication, integrity, confidentiality
	opened    bool    // the Open Session Response was accepted
	bmcID     uint32
	algs      [3]byte
	rakp1     bool
	rm        [16]byte // the console's random number
	role      byte
	name      string
	rc, guid  [16]byte
	sik, k1   []byte
	k2        []byte
	keyed     bool   // RAKP 2 verified: the keys are known
	lastSeq   uint32 // the last session sequence number accepted
}

// sent learns the session from the Open Session Request and RAKP 1.
func (s *rmcpplusState) sent(b []byte) string {
	if len(b) < plusHeaderLen {
		return "RMCP+ runt"
	}
	typ, p := b[1]&0x3f, b[plusHeaderLen:]
	switch {
	case typ == payloadOpenRequest && len(p) >= 32:
		*s = rmcpplusState{consoleID: binary.LittleEndian.Uint32(p[4:8]), requested: [3]byte{p[12] & 0x3f, p[20] & 0x3f, p[28] & 0x3f}}
		return fmt.Sprintf("RMCP+ Open Session Request, algorithms %v", s.requested)
	case typ == payloadRAKP1 && len(p) >= 28 && len(p) >= 28+int(p[27]):
		copy(s.rm[:], p[8:24])
		s.role, s.name, s.rakp1 = p[24], string(p[28:28+int(p[27])]), true
		return "RMCP+ RAKP 1"
	}
	return fmt.Sprintf("RMCP+ payload type %#x, session %#x", typ, binary.LittleEndian.Uint32(b[2:6]))
}

// check checks an RMCP+ datagram (after the RMCP header).
func (s *rmcpplusState) check(b []byte, pw ocf.Secret) (string, error) {
	if len(b) < plusHeaderLen {
		return "RMCP+", fmt.Errorf("%d bytes: shorter than its session header", len(b))
	}
	pt, typ := b[1], b[1]&0x3f
	id, seq := binary.LittleEndian.Uint32(b[2:6]), binary.LittleEndian.Uint32(b[6:10])
	n := int(binary.LittleEndian.Uint16(b[10:12]))
	what := fmt.Sprintf("RMCP+ payload type %#x, session %#x, sequence %d", typ, id, seq)
	if plusHeaderLen+n > len(b) {
		return what, fmt.Errorf("payload length %d in a datagram with %d bytes for it", n, len(b)-plusHeaderLen)
	}
	p := b[plusHeaderLen : plusHeaderLen+n]
	if pt&plusAuthed == 0 {
		if plusHeaderLen+n != len(b) {
			return what, errors.New("bytes after the payload")
		}
	} else if err := s.integrity(b, n, pw); err != nil {
		return what, err
	}
	switch typ {
	case payloadOpenReply:
		return "RMCP+ Open Session Response", s.openReply(pt, p)
	case payloadRAKP2:
		return "RMCP+ RAKP 2", s.rakp2(pt, p, pw)
	case payloadRAKP4:
		return "RMCP+ RAKP 4", s.rakp4(pt, p)
	case payloadIPMI:
		if err := s.ipmi(pt, id, seq, p); err != nil {
			return what, err
		}
		if id != 0 {
			s.lastSeq = seq
		}
		return what, nil
	}
	return what, errors.New("a payload type the agent never asks for")
}

// integrity checks the trailer of an authenticated datagram and, once the
// session keys are known, its auth code.
func (s *rmcpplusState) integrity(b []byte, n int, pw ocf.Secret) error {
	if !s.keyed {
		return errors.New("authenticated before the session keys exist")
	}
	codeLen, ok := crypto.IntegrityAuthCodeLen(types.IntegrityAlg(s.algs[1]))
	if !ok || codeLen == 0 {
		return errors.New("authenticated in a session without integrity")
	}
	pad := types.IntegrityPadLen(plusHeaderLen, n)
	end := plusHeaderLen + n + pad + 2
	switch {
	case len(b) != end+codeLen:
		return fmt.Errorf("integrity trailer of %d bytes, want %d", len(b)-plusHeaderLen-n, pad+2+codeLen)
	case int(b[end-2]) != pad || b[end-1] != plusNextHeader:
		return errors.New("integrity trailer malformed")
	}
	want, err := crypto.SessionIntegrityAuthCode(types.IntegrityAlg(s.algs[1]), b[:end], s.k1, pw.Reveal())
	if err != nil || subtle.ConstantTimeCompare(want, b[end:]) != 1 {
		return errors.New("integrity auth code wrong (corrupted, or not from the BMC)")
	}
	return nil
}

// handshake requires a handshake reply to be neither encrypted nor
// authenticated and to carry its status; it reports whether the reply is
// a success to check further (an error status passes as it is: go-ipmi
// reports it, and it can only fail the login).
func handshake(pt byte, p []byte) (bool, error) {
	switch {
	case pt&(plusEncrypted|plusAuthed) != 0:
		return false, errors.New("a handshake message marked encrypted or authenticated")
	case len(p) < 8:
		return false, fmt.Errorf("%d bytes: too short", len(p))
	}
	return p[1] == 0, nil
}

// openReply accepts an Open Session Response that answers the request:
// the console's session ID and the algorithms asked for (or an error
// status, which go-ipmi reports).
func (s *rmcpplusState) openReply(pt byte, p []byte) error {
	if ok, err := handshake(pt, p); !ok {
		return err
	}
	if len(p) < 36 {
		return fmt.Errorf("%d bytes: too short", len(p))
	}
	algs := [3]byte{p[16] & 0x3f, p[24] & 0x3f, p[32] & 0x3f}
	switch {
	case binary.LittleEndian.Uint32(p[4:8]) != s.consoleID:
		return errors.New("not for this console's session")
	case algs != s.requested:
		return fmt.Errorf("algorithms %v, not the %v requested", algs, s.requested)
	}
	s.opened, s.bmcID, s.algs = true, binary.LittleEndian.Uint32(p[8:12]), algs
	return nil
}

// rakp2 verifies RAKP 2's key exchange auth code and derives the session
// keys from it.
func (s *rmcpplusState) rakp2(pt byte, p []byte, pw ocf.Secret) error {
	if ok, err := handshake(pt, p); !ok {
		return err
	}
	alg := types.AuthAlg(s.algs[0])
	switch {
	case !s.opened || !s.rakp1:
		return errors.New("no session is being opened")
	case binary.LittleEndian.Uint32(p[4:8]) != s.consoleID:
		return errors.New("not for this console's session")
	case len(p) != 40+crypto.RAKP2AuthCodeLen(alg):
		return fmt.Errorf("%d bytes, want %d", len(p), 40+crypto.RAKP2AuthCodeLen(alg))
	}
	copy(s.rc[:], p[8:24])
	copy(s.guid[:], p[24:40])
	kuid := crypto.PadPassword20([]byte(pw.Reveal()))
	want, err := crypto.RAKP2AuthCode(alg, s.consoleID, s.bmcID, s.rm[:], s.rc[:], s.guid[:], s.role, s.name, kuid)
	if err == nil {
		want, err = crypto.TruncateRAKP2AuthCode(alg, want)
	}
	if err != nil || subtle.ConstantTimeCompare(want, p[40:]) != 1 {
		// go-ipmi checks this code too and fails the login ("RAKP2
		// authentication code mismatch"), which for a wrong password is
		// the answer; without keys the guard passes nothing after it.
		return nil
	}
	if s.sik, s.k1, s.k2, err = crypto.DeriveSessionKeys(alg, s.rm[:], s.rc[:], s.role, s.name, kuid); err != nil {
		return err
	}
	s.keyed = true
	return nil
}

// rakp4 verifies RAKP 4's integrity check value.
func (s *rmcpplusState) rakp4(pt byte, p []byte) error {
	if ok, err := handshake(pt, p); !ok {
		return err
	}
	alg := types.AuthAlg(s.algs[0])
	switch {
	case !s.keyed:
		return errors.New("RAKP 2 was not accepted")
	case binary.LittleEndian.Uint32(p[4:8]) != s.consoleID:
		return errors.New("not for this console's session")
	case len(p) != 8+crypto.RAKP4ICVLen(alg):
		return fmt.Errorf("%d bytes, want %d", len(p), 8+crypto.RAKP4ICVLen(alg))
	}
	want, err := crypto.RAKP4ICV(alg, s.rm[:], s.bmcID, s.guid[:], s.sik)
	if err != nil || subtle.ConstantTimeCompare(want, p[8:]) != 1 {
		return errors.New("integrity check value wrong (corrupted, or not from the BMC)")
	}
	return nil
}

// ipmi checks an IPMI payload: outside a session (session ID 0) plain;
// inside it, addressed to this console and authenticated when the session
// has integrity (the trailer was checked already); decrypted when
// encrypted; and its message checksums right.
func (s *rmcpplusState) ipmi(pt byte, id, seq uint32, p []byte) error {
	if id == 0 {
		if pt&(plusEncrypted|plusAuthed) != 0 {
			return errors.New("a session-less message marked encrypted or authenticated")
		}
	} else {
		switch {
		case !s.keyed || id != s.consoleID:
			return errors.New("not for this console's session")
		case s.algs[1] != byte(types.IntegrityAlg_None) && pt&plusAuthed == 0:
			return errors.New("not authenticated in a session with integrity")
		case seq <= s.lastSeq:
			return fmt.Errorf("sequence %d after %d: a repeated or replayed datagram", seq, s.lastSeq)
		}
	}
	msg := p
	if pt&plusEncrypted != 0 {
		var err error
		if msg, err = s.decrypt(p); err != nil {
			return err
		}
	}
	if msg != nil && !checksumOK(msg) {
		return errors.New("IPMI message checksum wrong")
	}
	return nil
}

// decrypt checks an encrypted payload's structure the way go-ipmi will
// read it, and returns the plain message (nil for xRC4, whose plain text
// the guard does not check).
func (s *rmcpplusState) decrypt(p []byte) ([]byte, error) {
	switch types.CryptAlg(s.algs[2]) {
	case types.CryptAlg_AES_CBC_128:
		if len(p) < 32 || len(p)%16 != 0 || len(s.k2) < 16 {
			return nil, fmt.Errorf("AES payload of %d bytes: not an IV and whole blocks", len(p))
		}
		m, err := crypto.DecryptAESPayload(p, s.k2)
		if err != nil {
			return nil, fmt.Errorf("AES payload: %w", err)
		}
		return m, nil
	case types.CryptAlg_xRC4_40, types.CryptAlg_xRC4_128:
		if len(p) < 20 {
			return nil, fmt.Errorf("xRC4 payload of %d bytes: shorter than its header", len(p))
		}
		return nil, nil
	}
	return nil, errors.New("encrypted in a session without confidentiality")
}
