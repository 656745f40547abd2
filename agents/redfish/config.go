package redfish

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// config is what a run needs to reach the BMC, checked.
type config struct {
	host       string // a host name or an address, without brackets
	port       int
	user       string
	password   ocf.Secret
	base       string // redfish_uri: the service root
	system     string // systems_uri; "" to discover it
	insecure   bool   // ssl_insecure: do not check the certificate
	roots      *x509.CertPool
	dial       time.Duration // connecting and the TLS handshake: login_timeout
	reqTimeout time.Duration // one request, from dialling to the last byte
}

// configure checks the parameters and, when resolve is set, reads the
// password (running password_script).
func configure(ctx context.Context, p *ocf.Params, roots *x509.CertPool, resolve bool) (*config, error) {
	cfg := &config{user: p.Get("username"), base: strings.TrimRight(p.Get("redfish_uri"), "/"), system: p.Get("systems_uri"),
		insecure: p.Bool("ssl_insecure"), roots: roots, dial: p.Duration("login_timeout")}
	cfg.reqTimeout = cfg.dial + p.Duration("shell_timeout")
	ip := p.Get("ip")
	if p.Bool("port_as_ip") && p.Get(ocf.KeyPlug) != "" {
		ip = p.Get(ocf.KeyPlug)
	}
	host, port, err := splitAddress(ip, p.Get("ipport"))
	if err != nil {
		return nil, err
	}
	cfg.host, cfg.port = host, port
	switch {
	case cfg.user == "":
		return nil, errors.New("parameter username: required (the BMC account)")
	case !p.Has("password") && !p.Has("password_script"):
		return nil, errors.New("parameters password and password_script: one is required")
	case cfg.dial <= 0 || cfg.reqTimeout <= cfg.dial:
		return nil, errors.New("parameters login_timeout and shell_timeout: must be more than 0")
	}
	if cfg.base == "" {
		cfg.base = "/"
	}
	if err := checkPath("redfish_uri", cfg.base); err != nil {
		return nil, err
	}
	if cfg.system != "" {
		if err := checkPath("systems_uri", cfg.system); err != nil {
			return nil, err
		}
	}
	if !resolve {
		return cfg, nil
	}
	if cfg.password, err = agents.Password(ctx, p); err != nil {
		return nil, err
	}
	return cfg, nil
}

// splitAddress reads ip (a host name, an address, [v6 address], or the
// older host:port form fence_redfish still accepts) and ipport.
func splitAddress(ip, ipport string) (string, int, error) {
	if ip == "" {
		return "", 0, errors.New("parameter ip: required (the BMC's address)")
	}
	host := ip
	if strings.Count(ip, ":") == 1 {
		host, ipport, _ = strings.Cut(ip, ":")
	} else if h, port, err := net.SplitHostPort(ip); err == nil && strings.HasPrefix(ip, "[") {
		host, ipport = h, port
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	port, err := strconv.Atoi(ipport)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("parameter ipport: %q is not a port (1-65535)", ipport)
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return host, port, nil
	}
	if len(host) > 253 || host == "" || strings.ContainsFunc(host, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
	}) {
		return "", 0, fmt.Errorf("parameter ip: %q is not a host name or address", ip)
	}
	return host, port, nil
}

// checkPath accepts an absolute URI path: printable, no query, fragment or
// dot segments. The BMC's own links are checked the same way, so that no
// request leaves for another host.
func checkPath(what, path string) error {
	bad := !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || len(path) > 1024 ||
		strings.ContainsFunc(path, func(r rune) bool {
			return r <= ' ' || r >= 0x7f || strings.ContainsRune(`?#\"<>^{}|`+"`", r)
		})
	for _, seg := range strings.Split(path, "/") {
		bad = bad || seg == "." || seg == ".."
	}
	if bad {
		return fmt.Errorf("%s: %q is not an absolute URI path", what, path)
	}
	return nil
}

// addr is the BMC's address for messages.
func (cfg *config) addr() string {
	return "redfish " + net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port))
}

// budget bounds a whole run: logging in, finding the system, and at most
// two verified power changes with their waits.
func (cfg *config) budget(p *ocf.Params) time.Duration {
	change := p.Duration("power_wait") + p.Duration("power_timeout") + 2*cfg.reqTimeout
	return 6*cfg.reqTimeout + time.Duration(1+max(p.Int("retry_on"), 1))*change
}
