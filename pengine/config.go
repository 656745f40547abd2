package pengine

import (
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
	fencingAction   cib.FenceAction
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

func readConfig(m *cib.Model, f cib.FencingOptions) config {
	c := config{
		fencingEnabled: f.Enabled,
		startupFencing: f.StartupFencing,
		concurrent:     f.Concurrent,
		haveQuorum:     m.HaveQuorum,
		maintenance:    boolProp(m, false, "maintenance-mode"),
		stopOrphans:    boolProp(m, true, "stop-orphan-resources"),
		haveWatchdog:   boolProp(m, false, "have-watchdog"),
		symmetric:      boolProp(m, true, "symmetric-cluster"),
		stopAll:        boolProp(m, false, "stop-all-resources"),
		startupProbes:  boolProp(m, true, "enable-startup-probes"),
		shutdownLock:   boolProp(m, false, "shutdown-lock"),
		fencingAction:  f.Action,
		priorityDelay:  f.PriorityDelay,
		placement:      placementStrategy(m),
	}
	// The seed design's always_stonith_failed_nodes: fencing and startup
	// fencing on, and unclean nodes fenced even when no resource is managed.
	if v, ok := prop(m, "always_stonith_failed_nodes"); ok && cib.IsTrue(v) {
		c.alwaysFenceFail = true
		c.fencingEnabled = true
		c.startupFencing = true
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

// intervalMS is a duration in milliseconds as Pacemaker reads it (0 when
// refused).
func intervalMS(v string) int64 {
	d, _ := cib.ParseInterval(v)
	return d.Milliseconds()
}
