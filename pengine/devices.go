package pengine

import (
	"regexp"
	"slices"
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
//
// Which devices admit which targets is read once, for all targets: the
// plan asks for every fenced node.
func (s *scheduler) devicesFor(target string) ([]string, []Level) {
	if s.admitting == nil {
		s.indexDevices()
	}
	var devices []string
	for _, r := range append(s.admitting[strings.ToLower(target)], s.admitAll...) {
		if s.deviceRunnable(r, target) {
			devices = append(devices, r.id)
		}
	}
	sort.Strings(devices)
	return devices, s.levelsFor(target)
}

// indexDevices records, for each target a device's static host list or
// map names, the devices admitting it, and the devices admitting any.
func (s *scheduler) indexDevices() {
	s.admitting = map[string][]*rsc{}
	for _, r := range s.all {
		if !r.fenceDevice || r.kind != "primitive" || r.orphan {
			continue
		}
		hosts, all := s.deviceAdmits(r)
		if all {
			s.admitAll = append(s.admitAll, r)
			continue
		}
		seen := map[string]bool{}
		for _, h := range hosts {
			if h = strings.ToLower(h); !seen[h] {
				seen[h] = true
				s.admitting[h] = append(s.admitting[h], r)
			}
		}
	}
}

// deviceAdmits returns the hosts r's host check admits, or all when it
// admits any target.
func (s *scheduler) deviceAdmits(r *rsc) (hosts []string, all bool) {
	params := s.instanceAttrs(r)
	list, hasList := params["pcmk_host_list"]
	hostMap, hasMap := params["pcmk_host_map"]
	check := strings.ToLower(params["pcmk_host_check"])
	if check == "" && (hasList || hasMap) {
		check = "static-list"
	}
	switch check {
	case "none":
		return nil, true
	case "static-list":
		hosts = splitHosts(list)
		for _, entry := range strings.FieldsFunc(hostMap, func(c rune) bool { return c == ';' || c == ' ' || c == ',' }) {
			if name, _, ok := strings.Cut(entry, ":"); ok {
				hosts = append(hosts, name)
			}
			if name, _, ok := strings.Cut(entry, "="); ok {
				hosts = append(hosts, name)
			}
		}
		return hosts, false
	}
	return nil, true
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
// node attribute matches target, by index. The levels naming a node are
// looked up by that name; patterns are compiled once.
func (s *scheduler) levelsFor(target string) []Level {
	if s.levelsByTarget == nil {
		s.levelsByTarget = map[string][]int{}
		s.patterns = map[string]*regexp.Regexp{}
		for i, l := range s.m.FencingLevels {
			if l.Target != "" {
				s.levelsByTarget[l.Target] = append(s.levelsByTarget[l.Target], i)
				continue
			}
			s.levelsOther = append(s.levelsOther, i)
			if l.TargetPattern != "" {
				if re, err := regexp.Compile(l.TargetPattern); err == nil {
					s.patterns[l.TargetPattern] = re
				}
			}
		}
	}
	candidates := append(slices.Clone(s.levelsByTarget[target]), s.levelsOther...)
	slices.Sort(candidates)
	n := s.byName[target]
	var out []Level
	for _, i := range candidates {
		l := s.m.FencingLevels[i]
		match := false
		switch {
		case l.Target != "":
			match = l.Target == target
		case l.TargetPattern != "":
			re := s.patterns[l.TargetPattern]
			match = re != nil && re.MatchString(target)
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
