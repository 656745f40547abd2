package fencer

import (
	"slices"
	"strings"
)

// The pcmk_host_check values.
const (
	CheckStatic  = "static-list"
	CheckDynamic = "dynamic-list"
	CheckStatus  = "status"
	CheckNone    = "none"
)

// ParseTargets reads a list of node names the way Pacemaker reads both
// pcmk_host_list and an agent's list output: lines split on newlines (or a
// literal "\n"), lines holding "invalid" or "variable" skipped, tokens split
// on white space, ',' and ';', each token cut at its first character outside
// [A-Za-z0-9_.-], and the tokens "on" and "off" dropped.
func ParseTargets(s string) []string {
	var out []string
	s = strings.ReplaceAll(s, `\n`, "\n")
	for line := range strings.Lines(s) {
		if strings.Contains(line, "invalid") || strings.Contains(line, "variable") {
			continue
		}
		for _, tok := range strings.FieldsFunc(line, func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == ',' || r == ';'
		}) {
			if i := strings.IndexFunc(tok, func(r rune) bool { return !nameRune(r) }); i >= 0 {
				tok = tok[:i]
			}
			if tok == "" || strings.EqualFold(tok, "on") || strings.EqualFold(tok, "off") {
				continue
			}
			out = append(out, tok)
		}
	}
	return out
}

func nameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-'
}

// ParseHostMap reads pcmk_host_map: entries separated by ';', spaces or
// tabs, each NAME:VALUE or NAME=VALUE, '\' escaping the next character.
// Keys are lower-cased (lookups are case-insensitive); entries without a
// name are skipped, as Pacemaker does after logging them.
func ParseHostMap(s string) map[string]string {
	out := map[string]string{}
	var name, cur strings.Builder
	inValue := false
	flush := func() {
		if inValue && name.Len() > 0 {
			out[strings.ToLower(name.String())] = cur.String()
		}
		name.Reset()
		cur.Reset()
		inValue = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == ';' || c == ' ' || c == '\t' || c == '\n':
			flush()
		case (c == ':' || c == '=') && !inValue:
			name.WriteString(cur.String())
			cur.Reset()
			inValue = true
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

func (d *Device) hostMap() map[string]string { return ParseHostMap(d.Params["pcmk_host_map"]) }

// HostCheck is how the device decides which nodes it can fence: the
// pcmk_host_check value (lower-cased), else static-list when pcmk_host_list
// or pcmk_host_map is set, else dynamic-list when the agent answers list,
// else status when it answers status, else none.
func (d *Device) HostCheck(hasList, hasStatus bool) string {
	if v := strings.TrimSpace(d.Params["pcmk_host_check"]); v != "" {
		return strings.ToLower(v)
	}
	switch {
	case strings.TrimSpace(d.Params["pcmk_host_list"]) != "", strings.TrimSpace(d.Params["pcmk_host_map"]) != "":
		return CheckStatic
	case hasList:
		return CheckDynamic
	case hasStatus:
		return CheckStatus
	}
	return CheckNone
}

// StaticTargets is the static list: pcmk_host_list plus the values of
// pcmk_host_map (Pacemaker appends the ports to the list).
func (d *Device) StaticTargets() []string {
	out := ParseTargets(d.Params["pcmk_host_list"])
	m := d.hostMap()
	for _, k := range sortedKeys(m) {
		out = append(out, ParseTargets(m[k])...)
	}
	return out
}

// Names lists the nodes the static list names: pcmk_host_list and the
// keys of pcmk_host_map (lower-cased), without the map's ports.
func (d *Device) Names() []string {
	out := ParseTargets(d.Params["pcmk_host_list"])
	for _, k := range sortedKeys(d.hostMap()) {
		if !containsFold(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// InStaticList reports whether the static list names target or the host
// map has an entry for it, case-insensitively.
func (d *Device) InStaticList(target string) bool {
	if _, ok := d.hostMap()[strings.ToLower(target)]; ok {
		return true
	}
	return containsFold(d.StaticTargets(), target)
}

// inList reports whether a dynamic list names target or its alias (the
// host map's value).
func (d *Device) inList(list []string, target string) bool {
	if alias, ok := d.hostMap()[strings.ToLower(target)]; ok && containsFold(list, alias) {
		return true
	}
	return containsFold(list, target)
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
