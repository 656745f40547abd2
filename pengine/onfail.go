package pengine

import (
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// historyOp finds the configured operation a history entry records
// (find_rsc_op_entry, disabled operations included): the one whose key
// (resource, name and interval) is the entry's operation_key, or its id
// when that is missing. The resource is named by its id or by the name its
// history is recorded under. A migration falls back to an operation named
// migrate, a notification to one named notify.
func (rh *rscHistory) historyOp(op cib.OpRecord) *cib.OpDef {
	key := op.Key
	if key == "" {
		key = op.ID
	}
	ids := []string{rh.r.id}
	if rh.hid != "" && rh.hid != rh.r.id {
		ids = append(ids, rh.hid)
	}
	match := func(name string, interval int64) *cib.OpDef {
		for i := range rh.r.ops {
			o := &rh.r.ops[i]
			if !strings.EqualFold(o.Name, name) && name != "" {
				continue
			}
			ms := max(intervalMS(o.Interval), 0)
			for _, id := range ids {
				want := id + "_" + o.Name + "_" + strconv.FormatInt(ms, 10)
				if name != "" {
					want = id + "_" + name + "_" + strconv.FormatInt(interval, 10)
					if ms != interval {
						continue
					}
				}
				if strings.EqualFold(key, want) {
					return o
				}
			}
		}
		return nil
	}
	if o := match("", 0); o != nil {
		return o
	}
	switch {
	case strings.Contains(key, "migrate_to"), strings.Contains(key, "migrate_from"):
		return match("migrate", 0)
	case strings.Contains(key, "_notify_"):
		return match("notify", 0)
	}
	return nil
}

// opMeta is an operation's meta attributes: op_defaults, then the
// configured operation's own.
func (s *scheduler) opMeta(o *cib.OpDef) map[string]string {
	meta := map[string]string{}
	for k, v := range s.m.OpDefaults {
		meta[k] = v
	}
	if o != nil {
		for k, v := range o.Meta {
			meta[k] = v
		}
	}
	return meta
}

// keyInterval is the interval an operation key ends with (0 if none).
func keyInterval(key string) int {
	i := strings.LastIndexByte(key, '_')
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(key[i+1:])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// onFailFor is the on-fail handling of a recorded operation
// (unpack_operation for the entry's key): the configured value if valid
// for the operation, else the default.
func (s *scheduler) onFailFor(rh *rscHistory, op cib.OpRecord) int {
	r := rh.r
	task := strings.ToLower(op.Operation)
	key := op.Key
	if key == "" {
		key = op.ID
	}
	interval := keyInterval(key)
	o := rh.historyOp(op)
	meta := s.opMeta(o)
	value, set := meta["on-fail"]
	value = strings.ToLower(value)
	if !set && task == "stop" {
		value, set = failstopOnFail(r.meta["failstop_type"]), true
	}
	switch {
	case task == "stop" && (value == "standby" || value == "demote" || value == "stop"):
		value = ""
	case task == "demote" && value == "":
		value = s.demoteOnFail(r)
	case value == "demote" && !demoteAllowed(o):
		value = ""
	}
	of, ok := s.parseOnFail(r, value)
	probe := task == "monitor" && interval == 0
	switch {
	case !ok && r.container != nil:
		return failRestartContainer
	case (!ok || !r.managed) && r.isRemoteConn() && !probe && task != "start":
		if !r.managed {
			return failStop
		}
		return failResetRemote
	case ok:
		return of
	case task == "stop":
		if s.cfg.fencingEnabled {
			return failFence
		}
		return failBlock
	}
	return failRecover
}

// demoteAllowed: on-fail=demote is only valid for a promote or a
// recurring monitor of the promoted role.
func demoteAllowed(o *cib.OpDef) bool {
	if o == nil {
		return false
	}
	name := strings.ToLower(o.Name)
	role := strings.ToLower(o.Role)
	return name == "promote" || (name == "monitor" && (role == "promoted" || role == "master") && intervalMS(o.Interval) > 0)
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
