package pengine

import (
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// opConfig finds the configured operation matching a recorded one by name
// and interval, and returns its meta attributes merged over op_defaults.
func (s *scheduler) opConfig(r *rsc, name string, intervalMSv int) map[string]string {
	meta := map[string]string{}
	for _, o := range r.ops {
		if cib.IsFalse(o.Enabled) {
			continue // a disabled operation's settings do not apply
		}
		if o.Name == name && intervalMS(o.Interval) == int64(intervalMSv) {
			for k, v := range o.Meta {
				meta[k] = v
			}
			break
		}
	}
	for k, v := range s.m.OpDefaults {
		if _, ok := meta[k]; !ok {
			meta[k] = v
		}
	}
	return meta
}

// onFailFor is the on-fail handling of a recorded operation (Pacemaker's
// unpack_operation): the configured value if valid, else the default.
func (s *scheduler) onFailFor(r *rsc, op cib.OpRecord) int {
	task := op.Operation
	if task == "migrate_to" || task == "migrate_from" {
		task = "migrate"
	}
	// Pacemaker finds the configured operation by the entry's operation
	// key, which normally names the same task and interval.
	name, interval := task, op.IntervalMS
	if kt, ki, ok := parseOpKey(op.Key); ok {
		name, interval = kt, ki
		if name == "migrate_to" || name == "migrate_from" {
			name = "migrate"
		}
	}
	meta := s.opConfig(r, name, interval)
	value := strings.ToLower(meta["on-fail"])
	if _, set := meta["on-fail"]; !set && task == "stop" {
		value = failstopOnFail(r.meta["failstop_type"])
	}
	if value == "" && task == "demote" {
		value = s.demoteOnFail(r)
	}
	if task == "stop" && (value == "standby" || value == "demote") {
		value = ""
	}
	if of, ok := s.parseOnFail(r, value); ok {
		return of
	}
	value = ""
	switch {
	case r.container != nil:
		return failRestartContainer
	case (value == "" || !r.managed) && r.isRemoteConn() && !isProbe(op) && task != "start":
		if !r.managed {
			return failStop
		}
		return failResetRemote
	case task == "stop":
		if s.cfg.fencingEnabled {
			return failFence
		}
		return failBlock
	}
	return failRecover
}

// demoteOnFail is the on-fail of the first enabled recurring monitor for
// the promoted role, the default for a demote.
func (s *scheduler) demoteOnFail(r *rsc) string {
	for _, o := range r.ops {
		if o.Name != "monitor" || intervalMS(o.Interval) <= 0 || cib.IsFalse(o.Enabled) {
			continue
		}
		if role := strings.ToLower(o.Role); role != "promoted" && role != "master" {
			continue
		}
		if v := strings.ToLower(o.Meta["on-fail"]); v != "" && v != "demote" {
			return v
		}
	}
	return ""
}

func (s *scheduler) parseOnFail(r *rsc, v string) (int, bool) {
	switch v {
	case "block":
		return failBlock, true
	case "fence":
		if !s.cfg.fencingEnabled {
			return failStop, true
		}
		return failFence, true
	case "standby":
		return failStandby, true
	case "ignore", "nothing":
		return failIgnore, true
	case "migrate":
		return failMigrate, true
	case "stop":
		return failStop, true
	case "restart":
		return failRecover, true
	case "restart-container":
		return failRestartContainer, r.container != nil
	case "demote":
		return failDemote, true
	}
	return 0, false
}

// parseOpKey splits an operation key RESOURCE_TASK_INTERVAL into task and
// interval (milliseconds).
func parseOpKey(key string) (string, int, bool) {
	i := strings.LastIndexByte(key, '_')
	if i <= 0 {
		return "", 0, false
	}
	interval, err := strconv.Atoi(key[i+1:])
	if err != nil || interval < 0 {
		return "", 0, false
	}
	rest := key[:i]
	for _, t := range []string{"migrate_to", "migrate_from"} {
		if strings.HasSuffix(rest, "_"+t) {
			return t, interval, true
		}
	}
	j := strings.LastIndexByte(rest, '_')
	if j <= 0 {
		return "", 0, false
	}
	return rest[j+1:], interval, true
}
