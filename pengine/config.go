package pengine

import (
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// No-quorum policies.
const (
	nqStop = iota
	nqFreeze
	nqIgnore
	nqDemote
	nqFence
)

// config is the cluster options the engine reads, with Pacemaker 2.1.5's
// defaults.
type config struct {
	fencingEnabled  bool
	fencingAction   string
	startupFencing  bool
	concurrent      bool
	noQuorum        int
	haveQuorum      bool
	maintenance     bool
	stopOrphans     bool
	priorityDelay   int
	haveWatchdog    bool
	symmetric       bool
	alwaysFenceFail bool
	// stopAll is stop-all-resources, startupProbes enable-startup-probes,
	// shutdownLock shutdown-lock.
	stopAll       bool
	startupProbes bool
	shutdownLock  bool
	// placement is placement-strategy.
	placement string
}

// prop reads a cluster option under its 2.x name or its 3.x alias.
func prop(m *cib.Model, names ...string) (string, bool) {
	for _, n := range names {
		if v, ok := m.Properties[n]; ok {
			return v, true
		}
	}
	return "", false
}

func boolProp(m *cib.Model, def bool, names ...string) bool {
	v, ok := prop(m, names...)
	if !ok {
		return def
	}
	if cib.IsTrue(v) {
		return true
	}
	if cib.IsFalse(v) {
		return false
	}
	return def
}

func readConfig(m *cib.Model) config {
	c := config{
		fencingEnabled: boolProp(m, true, "stonith-enabled", "fencing-enabled"),
		startupFencing: boolProp(m, true, "startup-fencing"),
		concurrent:     boolProp(m, false, "concurrent-fencing"),
		haveQuorum:     m.HaveQuorum,
		maintenance:    boolProp(m, false, "maintenance-mode"),
		stopOrphans:    boolProp(m, true, "stop-orphan-resources"),
		haveWatchdog:   boolProp(m, false, "have-watchdog"),
		symmetric:      boolProp(m, true, "symmetric-cluster"),
		stopAll:        boolProp(m, false, "stop-all-resources"),
		startupProbes:  boolProp(m, true, "enable-startup-probes"),
		shutdownLock:   boolProp(m, false, "shutdown-lock"),
		fencingAction:  ActionReboot,
		placement:      placementStrategy(m),
	}
	// The seed design's always_stonith_failed_nodes: fencing and startup
	// fencing on, and unclean nodes fenced even when no resource is managed.
	if v, ok := prop(m, "always_stonith_failed_nodes"); ok && cib.IsTrue(v) {
		c.alwaysFenceFail = true
		c.fencingEnabled = true
		c.startupFencing = true
	}
	if v, ok := prop(m, "stonith-action", "fencing-action"); ok {
		switch strings.ToLower(v) {
		case "off", "poweroff":
			c.fencingAction = ActionOff
		}
	}
	if v, ok := prop(m, "priority-fencing-delay"); ok {
		c.priorityDelay = intervalSeconds(v)
	}
	c.noQuorum = readNoQuorum(m, c)
	return c
}

func readNoQuorum(m *cib.Model, c config) int {
	v, _ := prop(m, "no-quorum-policy")
	switch strings.ToLower(v) {
	case "freeze":
		return nqFreeze
	case "ignore":
		return nqIgnore
	case "demote":
		return nqDemote
	case "suicide", "fence":
		if c.fencingEnabled && (m.NoQuorumPanic || c.haveQuorum) {
			return nqFence
		}
	}
	return nqStop
}

// intervalSeconds parses a Pacemaker duration ("15", "15s", "2min",
// "1h", "500ms") into whole seconds; anything unparsable is 0.
func intervalSeconds(v string) int {
	ms := intervalMS(v)
	if ms < 0 {
		return 0
	}
	return int(ms / 1000)
}

func intervalMS(v string) int64 {
	v = strings.TrimSpace(strings.ToLower(v))
	if v == "" {
		return 0
	}
	if v[0] == 'p' {
		return isoDurationMS(v[1:])
	}
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(v[:i], 10, 64)
	if err != nil || n > 1<<40 {
		return -1
	}
	switch strings.TrimSpace(v[i:]) {
	case "", "s", "sec", "secs":
		return n * 1000
	case "ms", "msec", "msecs":
		return n
	case "m", "min", "mins":
		return n * 60000
	case "h", "hr", "hrs":
		return n * 3600000
	case "us", "usec", "usecs":
		return n / 1000
	}
	return -1
}

// isoDurationMS parses the part of an ISO 8601 duration after "P"
// (nY nM nW nD, then T nH nM nS) into milliseconds; -1 when malformed.
func isoDurationMS(v string) int64 {
	var total int64
	inTime := false
	num := ""
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9':
			num += string(c)
			continue
		case c == 't':
			inTime = true
			continue
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n > 1<<32 {
			return -1
		}
		num = ""
		unit := map[rune]int64{'y': 31536000, 'w': 604800, 'd': 86400, 'h': 3600, 's': 1}
		switch {
		case c == 'm' && inTime:
			total += n * 60
		case c == 'm':
			total += n * 2592000
		case unit[c] != 0:
			total += n * unit[c]
		default:
			return -1
		}
	}
	if num != "" {
		return -1
	}
	return total * 1000
}
