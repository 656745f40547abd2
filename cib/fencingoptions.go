package cib

import (
	"fmt"
	"strings"
	"time"
)

// FenceAction is what fencing does to a node: reboot, off or on (the
// last unfences it).
type FenceAction string

// The fence actions.
const (
	FenceReboot FenceAction = "reboot"
	FenceOff    FenceAction = "off"
	FenceOn     FenceAction = "on"
)

// ParseFenceAction reads reboot, off or on; poweroff is the deprecated
// spelling of off. Anything else is an error.
func ParseFenceAction(s string) (FenceAction, error) {
	switch s {
	case "reboot", "off", "on":
		return FenceAction(s), nil
	case "poweroff":
		return FenceOff, nil
	}
	return "", fmt.Errorf("fence action %q: want reboot, off or on", s)
}

// Fences reports whether the action takes power away (reboot, off).
func (a FenceAction) Fences() bool { return a == FenceReboot || a == FenceOff }

// The defaults of Pacemaker 2.1.5's fencing options.
const (
	DefaultFencingTimeout = 60 * time.Second
	DefaultMaxAttempts    = 10
	DefaultDCDeadtime     = 20 * time.Second
)

// FencingOptions are the cluster options that govern fencing, as
// Pacemaker 2.1.5 reads them (a value its option table refuses means the
// default), each also read under its 3.x name when the 2.x one is unset.
type FencingOptions struct {
	// Enabled: stonith-enabled (fencing-enabled), default true.
	Enabled bool
	// Action: stonith-action (fencing-action): reboot, off, or poweroff read
	// as off, case-sensitively; default reboot.
	Action FenceAction
	// Timeout: stonith-timeout (fencing-timeout), default 60s: the timeout
	// of a fencing request, and of each device action without its own.
	Timeout time.Duration
	// MaxAttempts: stonith-max-attempts (fencing-max-attempts), a positive
	// number or INFINITY (1000000), default 10: failures before the
	// controller stops retrying a target.
	MaxAttempts int
	// Concurrent: concurrent-fencing, default false as in 2.1.5 (3.x
	// defaults to true): whether non-DC fencing actions run in parallel.
	Concurrent bool
	// StartupFencing: startup-fencing, default true.
	StartupFencing bool
	// PriorityDelay: priority-fencing-delay in whole seconds, default 0.
	PriorityDelay int
	// Reaction: fence-reaction (fencing-reaction), stop or panic, default
	// stop: what a node does when told it was fenced.
	Reaction string
	// DCDeadtime: dc-deadtime, default 20s: how long a starting
	// controller waits for the others before a coordinator (Pacemaker's
	// DC) is chosen, so the nodes starting with it are not fenced at
	// startup.
	DCDeadtime time.Duration
	// Problems lists the values refused, one line each.
	Problems []string
}

// FencingOptions reads m's fencing options.
func (m *Model) FencingOptions() FencingOptions {
	o := FencingOptions{Enabled: true, Action: FenceReboot, Timeout: DefaultFencingTimeout,
		MaxAttempts: DefaultMaxAttempts, StartupFencing: true, Reaction: "stop", DCDeadtime: DefaultDCDeadtime}
	read := func(valid func(string) bool, names ...string) (string, bool) {
		for _, n := range names {
			if v, ok := m.Properties[n]; ok {
				if valid(v) {
					return v, true
				}
				o.Problems = append(o.Problems, fmt.Sprintf("cluster option %s=%q is invalid: the default applies", n, v))
				return "", false
			}
		}
		return "", false
	}
	if v, ok := read(IsBoolean, "stonith-enabled", "fencing-enabled"); ok {
		o.Enabled = IsTrue(v)
	}
	if v, ok := read(validFenceAction, "stonith-action", "fencing-action"); ok {
		o.Action, _ = ParseFenceAction(v)
	}
	if v, ok := read(validInterval, "stonith-timeout", "fencing-timeout"); ok {
		o.Timeout, _ = ParseInterval(v)
	}
	if v, ok := read(validInterval, "dc-deadtime"); ok {
		o.DCDeadtime, _ = ParseInterval(v)
	}
	if v, ok := read(validPositive, "stonith-max-attempts", "fencing-max-attempts"); ok {
		o.MaxAttempts = positive(v)
	}
	if v, ok := read(IsBoolean, "concurrent-fencing"); ok {
		o.Concurrent = IsTrue(v)
	}
	if v, ok := read(IsBoolean, "startup-fencing"); ok {
		o.StartupFencing = IsTrue(v)
	}
	if v, ok := read(validInterval, "priority-fencing-delay"); ok {
		o.PriorityDelay = IntervalSeconds(v)
	}
	if v, ok := read(func(s string) bool { return strings.EqualFold(s, "stop") || strings.EqualFold(s, "panic") },
		"fence-reaction", "fencing-reaction"); ok {
		o.Reaction = strings.ToLower(v)
	}
	return o
}

// validFenceAction is stonith-action's check (pcmk__is_fencing_action:
// reboot, off or poweroff, case-sensitively).
func validFenceAction(s string) bool { return s == "reboot" || s == "off" || s == "poweroff" }

// IsBoolean reports whether s is one of Pacemaker's boolean values.
func IsBoolean(s string) bool { return IsTrue(s) || IsFalse(s) }

func validInterval(s string) bool {
	_, err := ParseInterval(s)
	return err == nil
}

// validPositive is pcmk__valid_positive_number: INFINITY or a number
// above 0 (trailing text ignored).
func validPositive(s string) bool {
	n, ok := scanInt(s)
	return isInfinity(s) || ok && n > 0
}

func positive(s string) int {
	if isInfinity(s) {
		return 1000000
	}
	n, _ := scanInt(s)
	return n
}

func isInfinity(s string) bool {
	return strings.EqualFold(s, "INFINITY") || strings.EqualFold(s, "+INFINITY")
}
