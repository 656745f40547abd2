package snmp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gosnmp/gosnmp"

	"github.com/executioner-ha/executioner/ocf"
)

// attempt is how long one request waits for its answer before it is sent
// again (net-snmp's default).
const attempt = time.Second

// walkExtra is the time a walk gets beyond one request's budget, as
// fencing_snmp gives snmpwalk.
const walkExtra = 30 * time.Second

// ErrNoSuchVariable is wrapped by Get's error when the device has no such
// variable (noSuchName, noSuchObject, noSuchInstance).
var ErrNoSuchVariable = errors.New("no such variable")

// Session is an SNMP session with one agent. It is not safe for concurrent
// use.
type Session struct {
	cfg *config
	g   *gosnmp.GoSNMP
}

// Var is one variable of a walk: its numeric OID (with a leading dot) and
// value.
type Var struct {
	OID   string
	Value Value
}

// Value is a variable's value as the device sent it.
type Value struct {
	pdu gosnmp.SnmpPDU
}

// Open checks the session parameters (see the package documentation) and
// opens a UDP session; nothing is sent yet.
func Open(ctx context.Context, p *ocf.Params) (*Session, error) {
	cfg, err := configure(ctx, p)
	if err != nil {
		return nil, err
	}
	g := &gosnmp.GoSNMP{Target: cfg.host, Port: cfg.port, Transport: "udp", Version: cfg.version,
		Timeout: attempt, Retries: max(int(cfg.budget/attempt)-1, 0), MaxOids: gosnmp.MaxOids,
		MaxRepetitions: 20, Context: ctx}
	if cfg.version == gosnmp.Version3 {
		g.SecurityModel, g.MsgFlags = gosnmp.UserSecurityModel, cfg.flags
		g.SecurityParameters = &gosnmp.UsmSecurityParameters{UserName: cfg.user,
			AuthenticationProtocol: cfg.authProt, AuthenticationPassphrase: cfg.auth.Reveal(),
			PrivacyProtocol: cfg.privProt, PrivacyPassphrase: cfg.priv.Reveal()}
	} else {
		g.Community = cfg.community.Reveal()
	}
	if err := g.Connect(); err != nil {
		return nil, cfg.redact(fmt.Errorf("%s: %w", cfg.addr(), err))
	}
	return &Session{cfg: cfg, g: g}, nil
}

// Close releases the socket.
func (s *Session) Close() {
	if s.g.Conn != nil {
		_ = s.g.Conn.Close()
	}
}

// Addr names the device in messages ("snmp HOST:PORT").
func (s *Session) Addr() string { return s.cfg.addr() }

// Redact removes the session's secrets from err's text.
func (s *Session) Redact(err error) error { return s.cfg.redact(err) }

// Get reads one variable. A device that has no such variable is an error.
func (s *Session) Get(ctx context.Context, oid string) (Value, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.budget)
	defer cancel()
	s.g.Context = ctx
	pkt, err := s.g.Get([]string{oid})
	if err = s.check(ctx, "get "+oid, pkt, err); err != nil {
		return Value{}, err
	}
	v := pkt.Variables[0]
	switch v.Type {
	case gosnmp.NoSuchObject, gosnmp.NoSuchInstance, gosnmp.EndOfMibView, gosnmp.Null:
		return Value{}, fmt.Errorf("%s: get %s: %w", s.cfg.addr(), oid, ErrNoSuchVariable)
	}
	return Value{pdu: v}, nil
}

// SetInt sets an integer variable.
func (s *Session) SetInt(ctx context.Context, oid string, n int) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.budget)
	defer cancel()
	s.g.Context = ctx
	pkt, err := s.g.Set([]gosnmp.SnmpPDU{{Name: oid, Type: gosnmp.Integer, Value: n}})
	return s.check(ctx, fmt.Sprintf("set %s to %d", oid, n), pkt, err)
}

// Walk reads every variable under root, in order.
func (s *Session) Walk(ctx context.Context, root string) ([]Var, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.budget+walkExtra)
	defer cancel()
	s.g.Context = ctx
	var vs []Var
	collect := func(pdu gosnmp.SnmpPDU) error {
		vs = append(vs, Var{OID: pdu.Name, Value: Value{pdu: pdu}})
		return nil
	}
	walk := s.g.BulkWalk
	if s.cfg.version == gosnmp.Version1 {
		walk = s.g.Walk
	}
	if err := walk(root, collect); err != nil {
		return nil, s.check(ctx, "walk "+root, nil, err)
	}
	return vs, nil
}

// check turns a failed exchange or an error status into one error.
func (s *Session) check(ctx context.Context, what string, pkt *gosnmp.SnmpPacket, err error) error {
	switch {
	case err != nil && (ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded)):
		err = fmt.Errorf("no answer within %v (shell_timeout + login_timeout): %w", s.cfg.budget, err)
	case err != nil:
	case pkt == nil || len(pkt.Variables) == 0:
		err = errors.New("empty answer")
	case pkt.Error == gosnmp.NoSuchName:
		err = fmt.Errorf("the device answered %s: %w", pkt.Error, ErrNoSuchVariable)
	case pkt.Error != gosnmp.NoError:
		err = fmt.Errorf("the device answered %s", pkt.Error)
	default:
		return nil
	}
	return s.cfg.redact(fmt.Errorf("%s: %s: %w", s.cfg.addr(), what, err))
}

// Int returns an integer value; ok is false for a value of another type.
func (v Value) Int() (n int64, ok bool) {
	switch v.pdu.Type {
	case gosnmp.Integer, gosnmp.Counter32, gosnmp.Gauge32, gosnmp.TimeTicks, gosnmp.Counter64, gosnmp.Uinteger32:
		b := gosnmp.ToBigInt(v.pdu.Value)
		if !b.IsInt64() {
			return 0, false
		}
		return b.Int64(), true
	}
	return 0, false
}

// String returns the value as text: an octet string's bytes, a number in
// decimal, an OID with its leading dot.
func (v Value) String() string {
	switch x := v.pdu.Value.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	case nil:
		return ""
	}
	if n, ok := v.Int(); ok {
		return fmt.Sprint(n)
	}
	return strings.TrimSpace(fmt.Sprint(v.pdu.Value))
}
