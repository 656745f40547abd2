package ipmi

import (
	"context"
	"fmt"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/command/chassis"
	"github.com/executioner-ha/executioner/ocf"
)

// bmc is a logged-in session with one BMC; it implements agents.Switch and
// agents.Cycler.
type bmc struct {
	cfg *config
	c   *client.Client
}

// dial logs in within login_timeout.
func dial(ctx context.Context, cfg *config) (*bmc, error) {
	c, err := client.NewClient(cfg.host, cfg.port, cfg.user, cfg.password.Reveal())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.addr(), err)
	}
	c.WithInterface(client.InterfaceLan).WithTimeout(cfg.reqTimeout).WithRetry(1).WithMaxPrivilegeLevel(cfg.priv)
	if cfg.lanplus {
		c.WithInterface(client.InterfaceLanplus)
	}
	if cfg.cipher != nil {
		c.WithCipherSuiteID(*cfg.cipher)
	}
	lctx, cancel := context.WithTimeout(ctx, cfg.loginTimeout)
	defer cancel()
	if err := c.Connect(lctx); err != nil {
		if lctx.Err() != nil {
			return nil, fmt.Errorf("%s: login: no answer within %v (login_timeout): %w", cfg.addr(), cfg.loginTimeout, err)
		}
		return nil, fmt.Errorf("%s: login: %w", cfg.addr(), err)
	}
	return &bmc{cfg: cfg, c: c}, nil
}

// close ends the session, so the BMC's session slot is freed.
func (b *bmc) close() {
	ctx, cancel := context.WithTimeout(context.Background(), b.cfg.opTimeout())
	defer cancel()
	_ = b.c.Close(ctx)
}

// Power reads the chassis power state. Its errors (like every error of this
// type) are redacted at the source, since RunSwitch may log them.
func (b *bmc) Power(ctx context.Context, _ string) (ocf.Power, error) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.opTimeout())
	defer cancel()
	st, err := b.c.GetChassisStatus(ctx)
	if err != nil {
		return ocf.PowerOff, b.cfg.redact(fmt.Errorf("%s: get chassis status: %w", b.cfg.addr(), err))
	}
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

func (b *bmc) control(ctx context.Context, ctl chassis.ChassisControl) error {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.opTimeout())
	defer cancel()
	start := time.Now()
	if _, err := b.c.ChassisControl(ctx, ctl); err != nil {
		return b.cfg.redact(fmt.Errorf("%s: chassis control %v (after %v): %w", b.cfg.addr(), ctl, time.Since(start).Round(time.Millisecond), err))
	}
	return nil
}
