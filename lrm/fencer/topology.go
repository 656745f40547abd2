package fencer

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// Level is one fencing-topology level for a target: its devices, run one
// after another, all of which must succeed.
type Level struct {
	Index   int
	Devices []string
}

// Topology returns the fencing levels for target, by ascending index, as
// Pacemaker's fencer finds them: the levels naming target exactly
// (case-insensitively) if any, else those of the first matching
// target-pattern (an unanchored regular expression), else those of the
// first matching target-attribute (a node attribute of the nodes section).
// Levels with the same index are joined. No levels (or no model) means no
// topology.
func Topology(m *cib.Model, target string) []Level {
	if m == nil {
		return nil
	}
	attrs := map[string]string{}
	for _, n := range m.Nodes {
		if strings.EqualFold(n.Uname, target) {
			attrs = n.Attrs
		}
	}
	var exact, pattern, attr []cib.FencingLevel
	for _, l := range m.FencingLevels {
		switch {
		case l.Target != "":
			if strings.EqualFold(l.Target, target) {
				exact = append(exact, l)
			}
		case l.TargetPattern != "":
			if re, err := regexp.CompilePOSIX(l.TargetPattern); err == nil && re.MatchString(target) {
				pattern = append(pattern, l)
			}
		case l.TargetAttribute != "":
			if v, ok := attrs[l.TargetAttribute]; ok && v == l.TargetValue {
				attr = append(attr, l)
			}
		}
	}
	for _, set := range [][]cib.FencingLevel{exact, pattern, attr} {
		if len(set) > 0 {
			return joinLevels(set)
		}
	}
	return nil
}

func joinLevels(set []cib.FencingLevel) []Level {
	byIndex := map[int]*Level{}
	for _, l := range set {
		i, err := strconv.Atoi(strings.TrimSpace(l.Index))
		if err != nil || i < 1 || i > 9 {
			continue
		}
		lv := byIndex[i]
		if lv == nil {
			lv = &Level{Index: i}
			byIndex[i] = lv
		}
		for _, d := range strings.Split(l.Devices, ",") {
			if d = strings.TrimSpace(d); d != "" {
				lv.Devices = append(lv.Devices, d)
			}
		}
	}
	var out []Level
	for _, lv := range byIndex {
		out = append(out, *lv)
	}
	slices.SortFunc(out, func(a, b Level) int { return a.Index - b.Index })
	return out
}

// Delay is the delay before an off or reboot of target by d:
// pcmk_delay_base (a duration, or a map "node:duration;..." matched by
// case-insensitive prefix as Pacemaker does) plus a random part up to
// pcmk_delay_max (max below base is raised to base). rnd returns a value in
// [0, n); nil means math/rand.
func (d *Device) Delay(target string, rnd func(n int64) int64) time.Duration {
	base := delayBase(d.Params["pcmk_delay_base"], target)
	maxD, err := ParseInterval(d.Params["pcmk_delay_max"])
	if err != nil || maxD < base {
		maxD = base
	}
	if maxD == base {
		return base
	}
	if rnd == nil {
		rnd = rand.Int64N
	}
	span := int64(maxD-base) / int64(time.Millisecond)
	return base + time.Duration(rnd(span+1))*time.Millisecond
}

func delayBase(v, target string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if !strings.ContainsAny(v, ":=") {
		t, _ := ParseInterval(v)
		return t
	}
	for _, tok := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ' ' || r == '\t' }) {
		name, val, ok := strings.Cut(tok, ":")
		if !ok {
			name, val, ok = strings.Cut(tok, "=")
		}
		if ok && len(target) >= len(name) && strings.EqualFold(target[:len(name)], name) {
			t, _ := ParseInterval(val)
			return t
		}
	}
	return 0
}
