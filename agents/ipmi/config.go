package ipmi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bougou/go-ipmi/pkg/types"
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// config is what a run needs to reach the BMC, checked.
type config struct {
	host         string
	port         int
	user         string
	password     ocf.Secret
	lanplus      bool
	cipher       *types.CipherSuiteID
	priv         types.PrivilegeLevel
	reqTimeout   time.Duration // one IPMI request
	loginTimeout time.Duration // the whole session set-up
}

// maxCipher is the highest RMCP+ cipher suite ID the IPMI 2.0 spec defines.
const maxCipher = 17

// configure checks the parameters and resolves the password.
func configure(ctx context.Context, p *ocf.Params) (*config, error) {
	cfg := &config{host: p.Get("ip"), port: p.Int("ipport"), user: p.Get("username"),
		lanplus: p.Bool("lanplus"), reqTimeout: p.Duration("ipmitool_timeout"), loginTimeout: p.Duration("login_timeout")}
	switch {
	case cfg.host == "":
		return nil, errors.New("parameter ip: required (the BMC's address)")
	case strings.ContainsFunc(cfg.host, func(r rune) bool { return r <= ' ' || r == '/' || r == 0x7f }):
		return nil, fmt.Errorf("parameter ip: %q is not a host name or address", cfg.host)
	case cfg.port < 1 || cfg.port > 65535:
		return nil, fmt.Errorf("parameter ipport: %d is not a port (1-65535)", cfg.port)
	case len(cfg.user) > 16:
		return nil, errors.New("parameter username: longer than the 16 bytes IPMI allows")
	case p.Has("hexadecimal_kg"):
		return nil, errors.New("parameter hexadecimal_kg: a BMC key (Kg) is not supported by this agent")
	case p.Has("target"):
		return nil, errors.New("parameter target: IPMI bridging is not supported by this agent")
	case cfg.reqTimeout <= 0 || cfg.loginTimeout <= 0:
		return nil, errors.New("parameters ipmitool_timeout and login_timeout: must be more than 0")
	}
	if p.Has("cipher") {
		n := p.Int("cipher")
		if n < 0 || n > maxCipher {
			return nil, fmt.Errorf("parameter cipher: %d is not a cipher suite (0-%d)", n, maxCipher)
		}
		id := types.CipherSuiteID(n)
		cfg.cipher = &id
	}
	cfg.priv = map[string]types.PrivilegeLevel{"callback": types.PrivilegeLevelCallback, "user": types.PrivilegeLevelUser,
		"operator": types.PrivilegeLevelOperator, "administrator": types.PrivilegeLevelAdministrator}[p.Get("privlvl")]
	pw, err := agents.Password(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(pw.Reveal()) > 20 {
		return nil, errors.New("parameter password: longer than the 20 bytes IPMI allows")
	}
	cfg.password = pw
	return cfg, nil
}

// opTimeout bounds one request with its retry.
func (cfg *config) opTimeout() time.Duration { return 2*cfg.reqTimeout + 100*time.Millisecond }

// addr is the BMC's address for messages.
func (cfg *config) addr() string { return fmt.Sprintf("bmc %s:%d", cfg.host, cfg.port) }

// redact replaces the password in err's text, in case a library put it
// there.
func (cfg *config) redact(err error) error {
	pw := cfg.password.Reveal()
	if err == nil || pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return &ocf.Error{Code: ocf.CodeOf(err), Err: errors.New(strings.ReplaceAll(err.Error(), pw, "[hidden]"))}
}
