package ipmi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// config is what a run needs to reach the BMC, checked.
type config struct {
	host         string
	port         int
	user         string
	password     ocf.Secret // set by resolve
	lanplus      bool
	cipher       int // -1: negotiated
	priv         string
	reqTimeout   time.Duration // one IPMI request
	loginTimeout time.Duration // the whole session set-up
}

// maxCipher is the highest RMCP+ cipher suite ID the IPMI 2.0 spec defines.
const maxCipher = 17

// IPMI's limits on the user name and password.
const (
	maxUser     = 16
	maxPassword = 20
)

// check reads and checks the parameters, without running password_script
// or touching the network.
func check(p *ocf.Params) (*config, error) {
	cfg := &config{host: p.Get("ip"), port: p.Int("ipport"), user: p.Get("username"), cipher: -1, priv: p.Get("privlvl"),
		lanplus: p.Bool("lanplus"), reqTimeout: p.Duration("ipmitool_timeout"), loginTimeout: p.Duration("login_timeout")}
	hostParam := "ip"
	if p.Has(portAsIP) && p.Get(ocf.KeyPlug) != "" { // any value, even 0, as fence-agents reads it
		cfg.host, hostParam = p.Get(ocf.KeyPlug), "plug (with port_as_ip)"
	}
	switch {
	case cfg.host == "":
		return nil, errors.New("parameter ip: required (the BMC's address)")
	case !isHost(cfg.host):
		return nil, fmt.Errorf("parameter %s: %q is not a host name or address", hostParam, printable(cfg.host))
	case cfg.port < 1 || cfg.port > 65535:
		return nil, fmt.Errorf("parameter ipport: %d is not a port (1-65535)", cfg.port)
	case len(cfg.user) > maxUser:
		return nil, fmt.Errorf("parameter username: longer than the %d bytes IPMI allows", maxUser)
	case len(p.Secret("password").Reveal()) > maxPassword:
		return nil, fmt.Errorf("parameter password: longer than the %d bytes IPMI allows", maxPassword)
	case cfg.reqTimeout <= 0 || cfg.loginTimeout <= 0:
		return nil, errors.New("parameters ipmitool_timeout and login_timeout: must be more than 0")
	}
	if p.Has("cipher") {
		n := p.Int("cipher")
		if n < 0 || n > maxCipher {
			return nil, fmt.Errorf("parameter cipher: %d is not a cipher suite (0-%d)", n, maxCipher)
		}
		cfg.cipher = n
	}
	return cfg, nil
}

// isHost reports whether s can be a host name or an IP address (IPv6 in
// brackets or not).
func isHost(s string) bool {
	if net.ParseIP(strings.Trim(s, "[]")) != nil {
		return true
	}
	return len(s) <= 253 && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
	})
}

// printable shortens a bad value for an error message.
func printable(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// resolve reads the password (running password_script).
func (cfg *config) resolve(ctx context.Context, p *ocf.Params) error {
	pw, err := agents.Password(ctx, p)
	if err != nil {
		return err
	}
	if len(pw.Reveal()) > maxPassword {
		return fmt.Errorf("password_script: its output is longer than the %d bytes IPMI allows", maxPassword)
	}
	cfg.password = pw
	return nil
}

// opTimeout bounds one request with its retry.
func (cfg *config) opTimeout() time.Duration { return 2*cfg.reqTimeout + 100*time.Millisecond }

// addr is the BMC's address for messages.
func (cfg *config) addr() string { return "bmc " + cfg.dialAddr() }

// dialAddr is host:port, IPv6 in brackets.
func (cfg *config) dialAddr() string {
	return net.JoinHostPort(strings.Trim(cfg.host, "[]"), strconv.Itoa(cfg.port))
}

// redact replaces the password in err's text, in case a library put it
// there.
func (cfg *config) redact(err error) error {
	if err == nil || cfg.password.IsZero() || !strings.Contains(err.Error(), cfg.password.Reveal()) {
		return err
	}
	return &ocf.Error{Code: ocf.CodeOf(err), Err: errors.New(ocf.Redact(err.Error(), cfg.password))}
}

// budget bounds a whole run: logging in, and at most two verified power
// changes (the second tried 1+retry_on times) with their waits. It never
// overflows: past a century it is a century.
func (cfg *config) budget(p *ocf.Params) time.Duration {
	change := p.Duration("power_wait").Seconds() + p.Duration("power_timeout").Seconds() + cfg.opTimeout().Seconds()
	tries := 1 + math.Max(float64(p.Int("retry_on")), 1)
	s := cfg.loginTimeout.Seconds() + 2*cfg.opTimeout().Seconds() + tries*change
	const century = 100 * 365 * 24 * 3600
	return time.Duration(math.Min(s, century) * float64(time.Second))
}
