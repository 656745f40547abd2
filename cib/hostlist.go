package cib

import "strings"

// ParseTargets reads a list of node names the way Pacemaker reads both
// pcmk_host_list and an agent's list output (stonith__parse_targets):
// lines split on newlines (or a literal "\n"), lines holding "invalid" or
// "variable" skipped, entries split on white space, ',' and ';', each entry
// cut at its first character outside [A-Za-z0-9_.-] (an entry starting
// with one is dropped), and the entries "on" and "off" (any case) dropped.
func ParseTargets(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, `\n`, "\n"), "\n") {
		if strings.Contains(line, "invalid") || strings.Contains(line, "variable") {
			continue
		}
		for _, tok := range strings.FieldsFunc(line, isListSeparator) {
			if i := strings.IndexFunc(tok, func(r rune) bool { return !isHostNameChar(r) }); i >= 0 {
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

// isListSeparator is C's isspace plus ',' and ';'.
func isListSeparator(r rune) bool { return strings.ContainsRune(cWhitespace+",;", r) }

// isHostNameChar reports whether r may appear in a host list's node name.
func isHostNameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-'
}

// hostMapEntry is one entry of a pcmk_host_map.
type hostMapEntry struct {
	name, port string
}

// scanHostMap is the fencer's build_port_aliases, character by character:
// entries end at ';', a space, a tab or the end (not at ','); the text
// before the last ':' or '=' of an entry is the node name; '\' protects
// the next character (it stays in a name and is dropped from a port); an
// entry without a name is an error, and a final '\' loses the last
// entry.
func scanHostMap(s string) (entries []hostMapEntry, problems []string) {
	var name *string
	last := 0
	for i := 0; i <= len(s); i++ {
		c := byte(0)
		if i < len(s) {
			c = s[i]
		}
		switch c {
		case '\\':
			i++
			if i >= len(s) {
				if name != nil {
					problems = append(problems, "the final '\\' escapes nothing, so the entry for "+*name+" is lost")
				}
				return entries, problems
			}
			continue
		case '=', ':':
			if i > last {
				n := s[last:i]
				name = &n
			}
			last = i + 1
		case 0, ';', ' ', '\t':
			switch {
			case name != nil:
				entries = append(entries, hostMapEntry{name: *name, port: strings.ReplaceAll(s[last:i], `\`, "")})
				name = nil
			case i > last:
				problems = append(problems, "entry "+quote(s[last:i])+" names no node (write node:port)")
			}
			last = i + 1
		}
	}
	return entries, problems
}

func quote(s string) string { return `"` + s + `"` }

// HostMapProblems lists what the fencer cannot read in a pcmk_host_map,
// one line each.
func HostMapProblems(s string) []string {
	_, problems := scanHostMap(s)
	return problems
}
