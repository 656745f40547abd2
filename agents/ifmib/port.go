package ifmib

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/snmp"
	"github.com/executioner-ha/executioner/ocf"
)

// The IF-MIB columns the agent reads and writes.
const (
	oidIfDescr       = ".1.3.6.1.2.1.2.2.1.2"
	oidIfAdminStatus = ".1.3.6.1.2.1.2.2.1.7"
	oidIfAlias       = ".1.3.6.1.2.1.31.1.1.1.18"
)

// ifAdminStatus values.
const (
	statusUp      = 1
	statusDown    = 2
	statusTesting = 3 // passes no operational packets: fenced
)

// port drives the interfaces of one device; it implements agents.Switch
// and agents.Lister.
type port struct {
	s       *snmp.Session
	indexes map[string]int // resolved plugs
}

// resolve turns plug into an ifIndex: a number is one, anything else is
// looked up among the interface names (ifDescr).
func (p *port) resolve(ctx context.Context, plug string) (int, error) {
	if i, ok := p.indexes[plug]; ok {
		return i, nil
	}
	i, err := p.lookup(ctx, plug)
	if err != nil {
		return 0, err
	}
	if p.indexes == nil {
		p.indexes = map[string]int{}
	}
	p.indexes[plug] = i
	return i, nil
}

func (p *port) lookup(ctx context.Context, plug string) (int, error) {
	if plug != "" && len(plug) < 10 && strings.Trim(plug, "0123456789") == "" {
		i, _ := strconv.Atoi(plug)
		if i < 1 {
			return 0, fmt.Errorf("plug %q: an ifIndex starts at 1", plug)
		}
		return i, nil
	}
	vars, err := p.s.Walk(ctx, oidIfDescr)
	if err != nil {
		return 0, err
	}
	for _, v := range vars {
		if strings.Trim(v.Value.String(), `"`) == plug {
			if i, ok := lastIndex(v.OID); ok {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("%s: no interface named %q: %w", p.s.Addr(), plug, agents.ErrUnknownHost)
}

func lastIndex(oid string) (int, bool) {
	i, err := strconv.Atoi(oid[strings.LastIndexByte(oid, '.')+1:])
	return i, err == nil && i > 0
}

// Power reads ifAdminStatus: up is ON, down and testing are OFF, any other
// value is an error.
func (p *port) Power(ctx context.Context, plug string) (ocf.Power, error) {
	i, err := p.resolve(ctx, plug)
	if err != nil {
		return ocf.PowerOff, err
	}
	oid := fmt.Sprintf("%s.%d", oidIfAdminStatus, i)
	v, err := p.s.Get(ctx, oid)
	if err != nil {
		return ocf.PowerOff, err
	}
	switch n, ok := v.Int(); {
	case ok && n == statusUp:
		return ocf.PowerOn, nil
	case ok && (n == statusDown || n == statusTesting):
		return ocf.PowerOff, nil
	}
	return ocf.PowerOff, fmt.Errorf("%s: ifAdminStatus %s = %q is not up, down or testing", p.s.Addr(), oid, v.String())
}

// SetPower sets ifAdminStatus up (on) or down (off).
func (p *port) SetPower(ctx context.Context, plug string, pw ocf.Power) error {
	i, err := p.resolve(ctx, plug)
	if err != nil {
		return err
	}
	st := statusDown
	if pw == ocf.PowerOn {
		st = statusUp
	}
	return p.s.SetInt(ctx, fmt.Sprintf("%s.%d", oidIfAdminStatus, i), st)
}

// List walks the interface names, with ifAlias as the alias.
func (p *port) List(ctx context.Context) ([]agents.Port, error) {
	names, err := p.s.Walk(ctx, oidIfDescr)
	if err != nil {
		return nil, err
	}
	aliases := map[int]string{}
	if vars, err := p.s.Walk(ctx, oidIfAlias); err == nil {
		for _, v := range vars {
			if i, ok := lastIndex(v.OID); ok {
				aliases[i] = strings.Trim(v.Value.String(), `"`)
			}
		}
	}
	var ports []agents.Port
	for _, v := range names {
		i, ok := lastIndex(v.OID)
		if !ok {
			continue
		}
		ports = append(ports, agents.Port{Plug: strings.Trim(v.Value.String(), `"`), Alias: aliases[i]})
	}
	return ports, nil
}
