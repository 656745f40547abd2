package fencer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/executioner-ha/executioner/cib"
)

// DefaultTimeout is a device action's timeout when neither
// pcmk_<action>_timeout nor stonith-timeout says otherwise (Pacemaker's
// stonith-timeout default).
const DefaultTimeout = 60 * time.Second

// Device is one fence device: a class="stonith" primitive of the CIB, with
// the fencer's own parameters (pcmk_*) kept apart from those the agent
// receives.
type Device struct {
	// ID is the resource id.
	ID string
	// Agent is the agent's type, e.g. fence_exec_ipmi or fence_ipmilan.
	Agent string
	// Params holds every instance attribute, pcmk_* included.
	Params map[string]string
	// Meta holds the resource's meta attributes.
	Meta map[string]string
	// Ops are the configured operations (the monitor's interval).
	Ops []cib.OpDef
}

// Devices returns the stonith primitives of m in document order, those
// inside groups and clones included (a cloned device appears once).
func Devices(m *cib.Model) []*Device {
	var out []*Device
	seen := map[string]bool{}
	for _, top := range m.Resources {
		top.Walk(func(r, _ *cib.Resource) {
			if r.Kind != cib.KindPrimitive || r.Class != "stonith" || seen[r.ID] {
				return
			}
			seen[r.ID] = true
			out = append(out, &Device{ID: r.ID, Agent: r.Type, Params: copyMap(r.Instance),
				Meta: copyMap(r.Meta), Ops: r.Ops})
		})
	}
	return out
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// AgentParams returns the parameters passed to the agent for action against
// target ("" for target-less actions): the instance attributes without the
// fencer's own pcmk_* keys and stonith-timeout, plus nodename and the target
// under pcmk_host_argument (default port), as mapped by pcmk_host_map.
func (d *Device) AgentParams(target string) map[string]string {
	out := map[string]string{}
	for k, v := range d.Params {
		if strings.HasPrefix(k, "pcmk_") || k == "stonith-timeout" || k == "action" {
			continue
		}
		out[k] = v
	}
	if target == "" {
		return out
	}
	out["nodename"] = target
	arg := strings.ToLower(strings.TrimSpace(d.Params["pcmk_host_argument"]))
	if arg == "" {
		arg = "port"
	}
	if arg == "none" {
		return out
	}
	if v, fixed := out[arg]; fixed && v != "dynamic" {
		return out
	}
	port := target
	if p, ok := d.hostMap()[strings.ToLower(target)]; ok {
		port = p
	}
	out[arg] = port
	return out
}

// AgentAction is the verb sent to the agent for action
// (pcmk_<action>_action, else the action itself).
func (d *Device) AgentAction(action string) string {
	if v := strings.TrimSpace(d.Params["pcmk_"+action+"_action"]); v != "" {
		return v
	}
	return action
}

// Timeout is the timeout of action on the device: pcmk_<action>_timeout,
// else def (the cluster's stonith-timeout), else DefaultTimeout.
func (d *Device) Timeout(action string, def time.Duration) time.Duration {
	if v, ok := d.Params["pcmk_"+action+"_timeout"]; ok {
		if t, err := ParseInterval(v); err == nil && t > 0 {
			return t
		}
	}
	if def <= 0 {
		return DefaultTimeout
	}
	return def
}

// ActionLimit is the device's pcmk_action_limit as written ("" for the
// default of one action at a time).
func (d *Device) ActionLimit() string { return d.Params["pcmk_action_limit"] }

// MonitorInterval is the interval of the device's recurring monitor op, or
// zero when it has none.
func (d *Device) MonitorInterval() time.Duration {
	for _, op := range d.Ops {
		if op.Name != "monitor" {
			continue
		}
		if t, err := ParseInterval(op.Interval); err == nil && t > 0 {
			return t
		}
	}
	return 0
}

// ParseInterval reads a Pacemaker interval: a number with an optional unit
// (ms, msec, s, sec, m, min, h, hr; seconds without one). An interval
// longer than a time.Duration holds (about 292 years) is an error.
func ParseInterval(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' })
	num, unit := s, ""
	if i >= 0 {
		num, unit = s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || num == "" {
		return 0, fmt.Errorf("interval %q: not a number with a unit", s)
	}
	mult := map[string]time.Duration{"": time.Second, "s": time.Second, "sec": time.Second,
		"ms": time.Millisecond, "msec": time.Millisecond, "m": time.Minute, "min": time.Minute,
		"h": time.Hour, "hr": time.Hour}
	m, ok := mult[unit]
	if !ok {
		return 0, fmt.Errorf("interval %q: unknown unit %q", s, unit)
	}
	v := f * float64(m)
	if v >= math.MaxInt64 {
		return 0, fmt.Errorf("interval %q: too long", s)
	}
	return time.Duration(v), nil
}
