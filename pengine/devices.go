package pengine

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// devicesFor lists the fencing devices that may fence target, and the
// fencing-topology levels that apply to it.
//
// A device qualifies when its host check admits the target: with
// pcmk_host_check=static-list (the default when pcmk_host_list or
// pcmk_host_map is set) the target must be listed; with none every node
// qualifies; with dynamic-list or status (the default otherwise) the
// device is asked at fencing time, so it is listed as a candidate. The
// device must also be allowed to run on some online node other than the
// target (a node does not fence itself), and not be disabled.
func (s *scheduler) devicesFor(target string) ([]string, []Level) {
	var devices []string
	for _, r := range s.all {
		if r.fenceDevice && r.kind == "primitive" && !r.orphan && s.deviceAdmits(r, target) && s.deviceRunnable(r, target) {
			devices = append(devices, r.id)
		}
	}
	sort.Strings(devices)
	return devices, s.levelsFor(target)
}

func (s *scheduler) deviceAdmits(r *rsc, target string) bool {
	params := s.instanceAttrs(r)
	list, hasList := params["pcmk_host_list"]
	hostMap, hasMap := params["pcmk_host_map"]
	check := strings.ToLower(params["pcmk_host_check"])
	if check == "" && (hasList || hasMap) {
		check = "static-list"
	}
	switch check {
	case "none":
		return true
	case "static-list":
		for _, h := range splitHosts(list) {
			if strings.EqualFold(h, target) {
				return true
			}
		}
		for _, entry := range strings.FieldsFunc(hostMap, func(c rune) bool { return c == ';' || c == ' ' || c == ',' }) {
			if name, _, ok := strings.Cut(entry, ":"); ok && strings.EqualFold(name, target) {
				return true
			}
			if name, _, ok := strings.Cut(entry, "="); ok && strings.EqualFold(name, target) {
				return true
			}
		}
		return false
	}
	return true
}

func splitHosts(v string) []string {
	return strings.FieldsFunc(v, func(c rune) bool { return c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\n' })
}

func (s *scheduler) deviceRunnable(r *rsc, target string) bool {
	if roleFromString(r.meta["target-role"]) == roleStopped {
		return false
	}
	for _, n := range s.nodes {
		if n.name == target || n.kind != kindMember || !n.online || n.unclean {
			continue
		}
		if sc, positive := s.locationScore(r, n); sc > -1000000 && (s.cfg.symmetric || positive) {
			return true
		}
	}
	return false
}

// levelsFor lists the fencing-topology levels whose target, pattern or
// node attribute matches target, by index.
func (s *scheduler) levelsFor(target string) []Level {
	n := s.byName[target]
	var out []Level
	for _, l := range s.m.FencingLevels {
		match := false
		switch {
		case l.Target != "":
			match = l.Target == target
		case l.TargetPattern != "":
			re, err := regexp.Compile(l.TargetPattern)
			match = err == nil && re.MatchString(target)
		case l.TargetAttribute != "" && n != nil:
			v, ok := n.attrs[l.TargetAttribute]
			match = ok && v == l.TargetValue
		}
		if !match {
			continue
		}
		idx, _ := strconv.Atoi(l.Index)
		out = append(out, Level{Index: idx, Devices: splitHosts(strings.ReplaceAll(l.Devices, ",", " "))})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out
}
