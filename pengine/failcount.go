package pengine

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// unique is pe_rsc_unique: every resource outside a clone, and the
// instances of a globally unique clone.
func (r *rsc) unique() bool {
	t := r.top()
	if t.kind != cib.KindClone {
		return true
	}
	return cib.IsTrue(r.meta["globally-unique"])
}

// fillers lists the resources r contains: those whose meta container
// names it, and a guest node's connection. The index is built once for
// the resources there are (containers are set when a resource is added,
// or by unpackStatus, which drops it), so a call is O(r's fillers).
func (s *scheduler) fillers(r *rsc) []*rsc {
	if s.fillerIdx == nil || s.fillerN != len(s.all) {
		s.fillerIdx, s.fillerN = map[*rsc][]*rsc{}, len(s.all)
		for _, f := range s.all {
			if f.container != nil {
				s.fillerIdx[f.container] = append(s.fillerIdx[f.container], f)
			}
		}
	}
	return s.fillerIdx[r]
}

// failREKey is what failRegexps' answer depends on.
type failREKey struct {
	name   string
	unique bool
}

// failRegexps are generate_fail_regexes: the fail-count and last-failure
// node attributes of a resource (per operation, or per resource before
// feature set 3.0.13), any clone instance number allowed for a resource
// that is not unique.
func (s *scheduler) failRegexps(r *rsc, name string) (count, last *regexp.Regexp) {
	if !r.unique() {
		if i := strings.LastIndexByte(name, ':'); i > 0 {
			name = name[:i]
		}
	}
	op := "#.+_[0-9]+"
	if cib.CompareVersions(s.m.FeatureSet, "3.0.13") < 0 {
		op = ""
	}
	inst := "(:[0-9]+)?"
	if r.unique() {
		inst = ""
	}
	key := failREKey{name, r.unique()}
	if re, ok := s.failREs[key]; ok {
		return re[0], re[1]
	}
	count, _ = regexp.Compile("^fail-count-" + name + inst + op + "$")
	last, _ = regexp.Compile("^last-failure-" + name + inst + op + "$")
	if s.failREs == nil {
		s.failREs = map[failREKey][2]*regexp.Regexp{}
	}
	s.failREs[key] = [2]*regexp.Regexp{count, last}
	return count, last
}

// hasFailAttrs tells whether n has any fail-count or last-failure
// attribute, without which every fail count there is 0.
func hasFailAttrs(n *node) bool {
	for k := range n.attrs {
		if strings.HasPrefix(k, "fail-count-") || strings.HasPrefix(k, "last-failure-") {
			return true
		}
	}
	return false
}

// failCount is pe_get_failcount: the sum of r's fail counts on n (name is
// the id its history is recorded under), and the latest failure time.
// Effective counts ignore failures older than the failure timeout;
// fillers adds the counts of the resources r contains.
func (s *scheduler) failCount(r *rsc, name string, n *node, effective, fillers bool, op *cib.OpRecord) (int, int64) {
	if !hasFailAttrs(n) {
		return 0, 0
	}
	countRE, lastRE := s.failRegexps(r, name)
	count, last := 0, int64(0)
	for k, v := range n.attrs {
		switch {
		case countRE != nil && countRE.MatchString(k):
			count = cib.AddScores(count, cib.ParseScore(v))
		case lastRE != nil && lastRE.MatchString(k):
			if t, ok := scanLL(v); ok {
				last = max(last, t)
			}
		}
	}
	if count > 0 && r.failureTimeout > 0 && s.blockFailure(n, r, op) {
		r.failureTimeout = 0 // a blocking failure disregards the timeout
	}
	if effective && count > 0 && last > 0 && r.failureTimeout > 0 && s.now > 0 && s.now > last+r.failureTimeout {
		count = 0
	}
	if fillers && !r.bundled {
		for _, f := range s.fillers(r) {
			c, l := s.failCount(f, f.id, n, effective, fillers, op)
			count = cib.AddScores(count, c)
			last = max(last, l)
		}
	}
	return count, last
}

// blockFailure is block_failure: a configured operation of r with
// on-fail=block matches the given failed entry, or (without one) one of
// r's failed entries on n.
func (s *scheduler) blockFailure(n *node, r *rsc, op *cib.OpRecord) bool {
	id := r.id
	for _, o := range r.ops {
		if o.OnFail != "block" {
			continue
		}
		if op != nil {
			if matchedFailure(id, o, *op) {
				return true
			}
			continue
		}
		st := s.historyOf(n)
		if st == nil {
			continue
		}
		for i := range st.History {
			h := &st.History[i]
			if h.ID != id {
				continue
			}
			for _, rec := range h.Ops {
				if rec.Operation == o.Name && int64(rec.IntervalMS) == max(intervalMS(o.Interval), 0) && matchedFailure(id, o, rec) {
					return true
				}
			}
		}
	}
	return false
}

// matchedFailure is is_matched_failure: the entry is for the configured
// operation's name and interval, and is the last failure or a recorded
// result that was not the expected one.
func matchedFailure(id string, o cib.OpDef, rec cib.OpRecord) bool {
	ms := max(intervalMS(o.Interval), 0)
	if int64(rec.IntervalMS) != ms || !strings.EqualFold(o.Name, rec.Operation) {
		return false
	}
	if strings.EqualFold(rec.ID, id+"_last_failure_0") {
		return true
	}
	if strings.EqualFold(rec.ID, id+"_"+o.Name+"_"+strconv.FormatInt(ms, 10)) {
		return rec.RC != rec.TargetRC()
	}
	return false
}

// expired is check_operation_expiry: a failure older than the resource's
// failure timeout no longer counts, unless the resource still has an
// unexpired fail count there. A remote connection's reconnect interval is
// its failure timeout; its recurring monitor failures wait for the remote
// node to be fenced. Probes that found the resource running or stopped
// never expire.
func (s *scheduler) expired(rh *rscHistory, op cib.OpRecord, rc int) bool {
	r, n := rh.r, rh.n
	if r.failureTimeout <= 0 || s.now <= 0 || !op.HasLastRCChange {
		return false
	}
	expired := s.now >= op.LastRCChange+r.failureTimeout && !s.ignoreFailureTimeout(r, op)
	unexpired, _ := s.failCount(r, rh.hid, n, true, false, &op)
	if expired {
		if all, _ := s.failCount(r, rh.hid, n, false, false, &op); all > 0 && unexpired > 0 {
			expired = false
		}
	}
	if expired && isProbe(op) {
		switch rc {
		case ocfOK, ocfNotRunning, ocfRunningPromote, ocfDegraded, ocfDegradedPromo:
			return false
		}
	}
	return expired
}

// ignoreFailureTimeout is should_ignore_failure_timeout: a remote
// connection with a reconnect interval keeps its recurring monitor
// failures until the remote node has been fenced.
func (s *scheduler) ignoreFailureTimeout(r *rsc, op cib.OpRecord) bool {
	if !r.reconnect || !s.cfg.fencingEnabled || op.IntervalMS == 0 || op.Operation != "monitor" {
		return false
	}
	rn := s.byName[r.id]
	return rn != nil && !rn.remoteFenced
}

// thresholdReached is pcmk__threshold_reached: r (with what it contains)
// failed on n as often as its migration-threshold allows.
func (s *scheduler) thresholdReached(r *rsc, n *node) bool {
	if r.migrationThreshold == 0 || r.failureIgnored {
		return false
	}
	count, _ := s.failCount(r, r.id, n, true, true, nil)
	return count > 0 && r.migrationThreshold-count <= 0
}
