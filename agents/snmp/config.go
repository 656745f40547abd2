package snmp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gosnmp/gosnmp"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// minPassphrase is the shortest v3 passphrase the USM allows (RFC 3414;
// net-snmp refuses shorter ones too).
const minPassphrase = 8

// config is a checked session configuration.
type config struct {
	host      string
	port      uint16
	version   gosnmp.SnmpVersion
	community ocf.Secret
	user      string
	flags     gosnmp.SnmpV3MsgFlags
	authProt  gosnmp.SnmpV3AuthProtocol
	auth      ocf.Secret
	privProt  gosnmp.SnmpV3PrivProtocol
	priv      ocf.Secret
	budget    time.Duration // one request with its retries
}

// configure checks the session parameters and resolves the secrets.
func configure(ctx context.Context, p *ocf.Params) (*config, error) {
	cfg := &config{host: p.Get("ip"), community: p.Secret("community"), user: p.Get("username")}
	switch port := p.Int("ipport"); {
	case cfg.host == "":
		return nil, errors.New("parameter ip: required (the SNMP agent's address)")
	case strings.ContainsFunc(cfg.host, func(r rune) bool { return r <= ' ' || r == '/' || r == 0x7f }):
		return nil, fmt.Errorf("parameter ip: %q is not a host name or address", cfg.host)
	case port < 1 || port > 65535:
		return nil, fmt.Errorf("parameter ipport: %d is not a port (1-65535)", port)
	default:
		cfg.port = uint16(port)
	}
	cfg.budget = p.Duration("shell_timeout") + p.Duration("login_timeout")
	if cfg.budget < time.Second {
		cfg.budget = time.Second
	}
	switch p.Get("snmp_version") {
	case "1", "2c":
		cfg.version = gosnmp.Version1
		if p.Get("snmp_version") == "2c" {
			cfg.version = gosnmp.Version2c
		}
		if cfg.community.IsZero() {
			return nil, errors.New("parameter community: required for SNMP version " + p.Get("snmp_version"))
		}
		return cfg, nil
	}
	cfg.version = gosnmp.Version3
	return cfg, cfg.configureV3(ctx, p)
}

// configureV3 checks the user-based security settings.
func (cfg *config) configureV3(ctx context.Context, p *ocf.Params) error {
	if cfg.user == "" {
		return errors.New("parameter username: required for SNMP version 3 (the USM user)")
	}
	var err error
	if cfg.auth, err = agents.Password(ctx, p); err != nil {
		return err
	}
	if cfg.priv, err = agents.SecretOf(ctx, p, "snmp_priv_passwd", "snmp_priv_passwd_script"); err != nil {
		return err
	}
	level := p.Get("snmp_sec_level")
	if !p.Has("snmp_sec_level") {
		level = "noAuthNoPriv"
		if !cfg.auth.IsZero() && !cfg.priv.IsZero() {
			level = "authPriv"
		}
	}
	cfg.authProt, cfg.privProt = gosnmp.MD5, gosnmp.DES
	if p.Get("snmp_auth_prot") == "SHA" {
		cfg.authProt = gosnmp.SHA
	}
	if p.Get("snmp_priv_prot") == "AES" {
		cfg.privProt = gosnmp.AES
	}
	switch level {
	case "noAuthNoPriv":
		cfg.flags, cfg.authProt, cfg.privProt = gosnmp.NoAuthNoPriv, gosnmp.NoAuth, gosnmp.NoPriv
		return nil
	case "authNoPriv":
		cfg.flags, cfg.privProt = gosnmp.AuthNoPriv, gosnmp.NoPriv
	default:
		cfg.flags = gosnmp.AuthPriv
		if len(cfg.priv.Reveal()) < minPassphrase {
			return fmt.Errorf("parameter snmp_priv_passwd: security level authPriv needs a privacy passphrase of at least %d characters", minPassphrase)
		}
	}
	if len(cfg.auth.Reveal()) < minPassphrase {
		return fmt.Errorf("parameter password: security level %s needs an authentication passphrase of at least %d characters", level, minPassphrase)
	}
	return nil
}

// addr names the SNMP agent in messages.
func (cfg *config) addr() string { return fmt.Sprintf("snmp %s:%d", cfg.host, cfg.port) }

// redact replaces every secret in err's text, in case a library put one
// there.
func (cfg *config) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, s := range []ocf.Secret{cfg.community, cfg.auth, cfg.priv} {
		if v := s.Reveal(); v != "" {
			msg = strings.ReplaceAll(msg, v, "[hidden]")
		}
	}
	if msg == err.Error() {
		return err
	}
	return &ocf.Error{Code: ocf.CodeOf(err), Err: errors.New(msg)}
}
