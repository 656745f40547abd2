package crmsh

import (
	"regexp"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

// aclChild renders a child of role, user, acl_target or acl_group.
func aclChild(c *cib.Element) string {
	switch c.Tag {
	case "acl_permission":
		return aclPermission(c)
	case "read", "write", "deny":
		return aclRule(c)
	case "role_ref":
		return "role:" + attr(c, "id")
	case "role":
		return attr(c, "id")
	}
	return ""
}

// aclPermission renders an acl_permission: kind, description, then the
// xpath (as a shortcut when one matches), reference, attribute and object
// type. The permission's id is not shown.
func aclPermission(c *cib.Element) string {
	s := []string{attr(c, "kind")}
	if d := attr(c, "description"); d != "" {
		s = append(s, nvpairFormat("description", d, true))
	}
	for _, k := range [][2]string{{"xpath", "xpath"}, {"reference", "ref"}, {"attribute", "attr"}, {"object-type", "type"}} {
		if a := c.SelectAttr(k[0]); a != nil {
			s = append(s, aclSpec(k[1], a.Value))
		}
	}
	return strings.Join(s, " ")
}

// aclRule renders a pacemaker-1.x read, write or deny rule.
func aclRule(c *cib.Element) string {
	s := []string{c.Tag}
	for _, k := range oldACLSpecs {
		if v := attr(c, k); v != "" {
			s = append(s, aclSpec(k, v))
		}
	}
	return strings.Join(s, " ")
}

// aclSpec renders one <key>:<value> word; an xpath a shortcut expands to
// is shown as the shortcut.
func aclSpec(key, v string) string {
	if key == "xpath" {
		if name, words, ok := findShortcut(v); ok {
			key, v = name, strings.Join(words, ":")
		} else {
			v = quoteWrap(v)
		}
	}
	if v == "" {
		return key
	}
	return key + ":" + v
}

// shortcutRes are, per shortcut, the regexps of its first i+1 parts.
var shortcutRes = sync.OnceValue(func() [][]*regexp.Regexp {
	var all [][]*regexp.Regexp
	for _, s := range aclShortcuts {
		var res []*regexp.Regexp
		pat := ""
		for _, part := range s.parts {
			for i, lit := range strings.Split(part, "@@") {
				if i > 0 {
					pat += `([a-zA-Z_][a-zA-Z0-9_.-]*)`
				}
				pat += regexp.QuoteMeta(lit)
			}
			res = append(res, regexp.MustCompile("^"+pat+"$"))
		}
		all = append(all, res)
	}
	return all
})

// findShortcut finds the first shortcut (in crmsh's order) whose parts,
// the first one alone or followed by more, make up the whole xpath, and
// the words its placeholders stand for (one per part).
func findShortcut(xpath string) (string, []string, bool) {
	for i, res := range shortcutRes() {
		for n, re := range res {
			if m := re.FindStringSubmatch(xpath); m != nil {
				groups := m[1:]
				if len(groups) > n+1 {
					groups = groups[:n+1]
				}
				return aclShortcuts[i].name, groups, true
			}
		}
	}
	return "", nil, false
}
