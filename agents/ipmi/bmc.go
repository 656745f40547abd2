//go:build !agentfront

package ipmi

import (
	"context"
	"fmt"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/command/chassis"
	"github.com/bougou/go-ipmi/pkg/types"
	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// runBMC logs in to the BMC and carries out the action, within the run's
// budget.
func runBMC(ctx context.Context, c *agents.Call, cfg *config) error {
	ctx, cancel := context.WithTimeout(ctx, cfg.budget(c.Params))
	defer cancel()
	b, err := dial(ctx, cfg, c)
	if err != nil {
		return ocf.Fail(cfg.redact(err))
	}
	defer b.close()
	return cfg.redact(agents.RunSwitch(ctx, c, b))
}

// bmc is a logged-in session with one BMC; it implements agents.Switch,
// agents.Cycler and agents.OffCycler.
type bmc struct {
	cfg *config
	c   *client.Client
	log *agents.Call
}

// privileges maps privlvl to IPMI's levels.
var privileges = map[string]types.PrivilegeLevel{"callback": types.PrivilegeLevelCallback, "user": types.PrivilegeLevelUser,
	"operator": types.PrivilegeLevelOperator, "administrator": types.PrivilegeLevelAdministrator}

// dial logs in within login_timeout. Every datagram the BMC sends passes
// the guard (see guard.go) before go-ipmi reads it.
func dial(ctx context.Context, cfg *config, log *agents.Call) (*bmc, error) {
	return dialWith(ctx, cfg, log, &guardDialer{cfg: cfg, log: log})
}

// dialWith is dial through the given guard dialer.
func dialWith(ctx context.Context, cfg *config, log *agents.Call, d *guardDialer) (*bmc, error) {
	c, err := client.NewClient(cfg.host, cfg.port, cfg.user, cfg.password.Reveal())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.addr(), err)
	}
	iface, cipher := "lan (IPMI 1.5)", "none"
	c.WithInterface(client.InterfaceLan).WithTimeout(cfg.reqTimeout).WithRetry(1).WithMaxPrivilegeLevel(privileges[cfg.priv])
	if cfg.lanplus {
		iface, cipher = "lanplus (IPMI 2.0)", "negotiated"
		c.WithInterface(client.InterfaceLanplus)
		if cfg.cipher >= 0 {
			c.WithCipherSuiteID(types.CipherSuiteID(cfg.cipher))
			cipher = fmt.Sprint(cfg.cipher)
		}
	}
	c.WithUDPProxy(d)
	log.Debugf("%s: logging in over %s as %q (password [hidden]), cipher suite %s, privilege %s, timeout %v per request",
		cfg.addr(), iface, cfg.user, cipher, cfg.priv, cfg.reqTimeout)
	lctx, cancel := context.WithTimeout(ctx, cfg.loginTimeout)
	defer cancel()
	start := time.Now()
	if err := c.Connect(lctx); err != nil {
		if lctx.Err() != nil {
			return nil, fmt.Errorf("%s: login: no answer within %v (login_timeout): %w", cfg.addr(), cfg.loginTimeout, err)
		}
		return nil, fmt.Errorf("%s: login: %w", cfg.addr(), err)
	}
	log.Debugf("%s: session open after %v", cfg.addr(), time.Since(start).Round(time.Millisecond))
	return &bmc{cfg: cfg, c: c, log: log}, nil
}

// close ends the session and waits for the BMC's reply, so the session
// slot is free before the agent exits: a BMC processing datagrams
// concurrently would otherwise refuse the next run's Activate Session
// ("no slot available") while the close is still in its queue.
func (b *bmc) close() {
	ctx, cancel := context.WithTimeout(context.Background(), b.cfg.opTimeout())
	defer cancel()
	b.log.Debugf("%s: Close Session", b.cfg.addr())
	if err := b.c.Close(ctx); err != nil {
		b.log.Debugf("%s: Close Session: %v", b.cfg.addr(), b.cfg.redact(err))
	}
}

// Power reads the chassis power state. Its errors (like every error of this
// type) are redacted at the source, since RunSwitch may log them.
func (b *bmc) Power(ctx context.Context, _ string) (ocf.Power, error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.opTimeout())
	defer cancel()
	b.log.Debugf("%s: Get Chassis Status", b.cfg.addr())
	st, err := b.c.GetChassisStatus(ctx)
	if err != nil {
		return ocf.PowerOff, b.cfg.redact(fmt.Errorf("%s: get chassis status: %w", b.cfg.addr(), err))
	}
	b.log.Debugf("%s: chassis power is %s", b.cfg.addr(), ocf.Power(st.PowerIsOn))
	return ocf.Power(st.PowerIsOn), nil
}

// SetPower sends chassis control power up or down.
func (b *bmc) SetPower(ctx context.Context, _ string, p ocf.Power) error {
	ctl := chassis.ChassisControlPowerDown
	if p == ocf.PowerOn {
		ctl = chassis.ChassisControlPowerUp
	}
	return b.control(ctx, ctl)
}

// Cycle sends chassis control power cycle.
func (b *bmc) Cycle(ctx context.Context, _ string) error {
	return b.control(ctx, chassis.ChassisControlPowerCycle)
}

// CyclesFromOff reports true: fence_ipmilan sends the cycle whatever the
// power, and a BMC powers an off chassis on (or refuses, and RunSwitch
// then powers it on).
func (b *bmc) CyclesFromOff() bool { return true }

func (b *bmc) control(ctx context.Context, ctl chassis.ChassisControl) error {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.opTimeout())
	defer cancel()
	start := time.Now()
	b.log.Debugf("%s: Chassis Control %v", b.cfg.addr(), ctl)
	if _, err := b.c.ChassisControl(ctx, ctl); err != nil {
		return b.cfg.redact(fmt.Errorf("%s: chassis control %v (after %v): %w", b.cfg.addr(), ctl, time.Since(start).Round(time.Millisecond), err))
	}
	b.log.Debugf("%s: Chassis Control %v accepted", b.cfg.addr(), ctl)
	return nil
}
