package apcsnmp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/snmp"
	"github.com/executioner-ha/executioner/ocf"
)

// device is one power switch reached over SNMP; it implements
// agents.Switch and agents.Lister.
type device struct {
	s      *snmp.Session
	sw     string // the switch parameter
	debugf func(string, ...any)
	v      *variant
	plugs  map[string]outlet // resolved plugs
}

// detect finds the family from sysObjectID, once.
func (d *device) detect(ctx context.Context) (*variant, error) {
	if d.v != nil {
		return d.v, nil
	}
	val, err := d.s.Get(ctx, oidSysObjectID)
	if err != nil && !errors.Is(err, snmp.ErrNoSuchVariable) {
		return nil, err
	}
	d.v = apcMS // also for a device without sysObjectID, as fence_apc_snmp
	if v, ok := variants[val.String()]; ok && err == nil {
		d.v = v
	}
	d.debugf("sysObjectID %q: trying %s", val.String(), d.v.ident)
	return d.v, nil
}

// resolve turns plug into an outlet: "N", "S:N" (switch S) or an outlet
// name from the device's name table.
func (d *device) resolve(ctx context.Context, plug string) (outlet, error) {
	if o, ok := d.plugs[plug]; ok {
		return o, nil
	}
	v, err := d.detect(ctx)
	if err != nil {
		return outlet{}, err
	}
	num, sw := plug, d.sw
	if s, n, ok := strings.Cut(plug, ":"); ok && isNumber(s) && isNumber(n) {
		sw, num = s, n
	}
	if isNumber(num) && (!v.switched || isNumber(sw)) {
		o := outlet{sw: atoi(sw), n: atoi(num)}
		if o.n < 1 || (v.switched && o.sw < 1) {
			return outlet{}, fmt.Errorf("plug %q: outlet and switch numbers start at 1", plug)
		}
		d.remember(plug, o)
		return o, nil
	}
	vars, err := d.s.Walk(ctx, v.names)
	if err != nil {
		return outlet{}, err
	}
	for _, x := range vars {
		if strings.Trim(x.Value.String(), `"`) != plug {
			continue
		}
		if o, ok := v.parseInstance(x.OID); ok {
			d.remember(plug, o)
			return o, nil
		}
	}
	return outlet{}, fmt.Errorf("%s: no outlet named %q: %w", d.s.Addr(), plug, agents.ErrUnknownHost)
}

func (d *device) remember(plug string, o outlet) {
	if d.plugs == nil {
		d.plugs = map[string]outlet{}
	}
	d.plugs[plug] = o
}

// parseInstance reads the outlet (and switch) from a name table OID.
func (v *variant) parseInstance(oid string) (outlet, bool) {
	parts := strings.Split(oid, ".")
	n, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil {
		return outlet{}, false
	}
	o := outlet{sw: 1, n: n}
	if v.switched {
		if len(parts) < 3 {
			return outlet{}, false
		}
		if o.sw, err = strconv.Atoi(parts[len(parts)-3]); err != nil {
			return outlet{}, false
		}
	}
	return o, true
}

// Power reads the outlet's state; a value the family does not define is
// an error, never "off".
func (d *device) Power(ctx context.Context, plug string) (ocf.Power, error) {
	o, err := d.resolve(ctx, plug)
	if err != nil {
		return ocf.PowerOff, err
	}
	oid := d.v.instance(d.v.status, o)
	val, err := d.s.Get(ctx, oid)
	if err != nil {
		return ocf.PowerOff, err
	}
	switch n, ok := val.Int(); {
	case ok && n == d.v.stateOn:
		return ocf.PowerOn, nil
	case ok && n == d.v.stateOff:
		return ocf.PowerOff, nil
	}
	return ocf.PowerOff, fmt.Errorf("%s: outlet state %s = %q is neither on (%d) nor off (%d)", d.s.Addr(), oid, val.String(), d.v.stateOn, d.v.stateOff)
}

// SetPower writes the outlet command.
func (d *device) SetPower(ctx context.Context, plug string, p ocf.Power) error {
	o, err := d.resolve(ctx, plug)
	if err != nil {
		return err
	}
	cmd := d.v.turnOff
	if p == ocf.PowerOn {
		cmd = d.v.turnOn
	}
	return d.s.SetInt(ctx, d.v.instance(d.v.control, o), cmd)
}

// List walks the outlet names: "N" (or "S:N" on daisy-chained switches)
// with the name as alias.
func (d *device) List(ctx context.Context) ([]agents.Port, error) {
	v, err := d.detect(ctx)
	if err != nil {
		return nil, err
	}
	vars, err := d.s.Walk(ctx, v.names)
	if err != nil {
		return nil, err
	}
	var ports []agents.Port
	for _, x := range vars {
		o, ok := v.parseInstance(x.OID)
		if !ok {
			continue
		}
		id := strconv.Itoa(o.n)
		if v.switched {
			id = fmt.Sprintf("%d:%d", o.sw, o.n)
		}
		ports = append(ports, agents.Port{Plug: id, Alias: strings.Trim(x.Value.String(), `"`)})
	}
	return ports, nil
}

func isNumber(s string) bool {
	return s != "" && len(s) < 10 && strings.Trim(s, "0123456789") == ""
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
