package crmsh

import (
	"regexp"
	"strings"
	"sync"

	"github.com/executioner-ha/executioner/cib"
)

var (
	reACLRight = sync.OnceValue(func() *regexp.Regexp { return mustWordRe("read|write|deny") })
	reRoleRef  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^role:(.+)$`) })
	rePerm     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^([^:]+)(?::(.+))?$`) })
)

// aclSpecs maps the words of a permission (pacemaker-2.0 and later ACLs)
// to the acl_permission attribute they set.
var aclSpecs = map[string]string{
	"xpath": "xpath", "ref": "reference", "reference": "reference",
	"tag": "object-type", "type": "object-type", "attr": "attribute", "attribute": "attribute",
}

// oldACLSpecs are the attributes of a read, write or deny rule of the
// pacemaker-1.x ACLs, in the order crmsh prints them.
var oldACLSpecs = []string{"xpath", "ref", "tag", "attribute"}

// aclShortcut is an xpath shortcut: its name and the pieces of the xpath,
// "@@" standing for one word of the value.
type aclShortcut struct {
	name  string
	parts []string
}

// aclShortcuts are crmsh's xpath shortcuts, in the order it tries them
// when it prints an xpath.
var aclShortcuts = []aclShortcut{
	{"meta", []string{"//primitive[@id='@@']/meta_attributes", "/nvpair[@name='@@']"}},
	{"params", []string{"//primitive[@id='@@']/instance_attributes", "/nvpair[@name='@@']"}},
	{"utilization", []string{"//primitive[@id='@@']/utilization"}},
	{"location", []string{"//rsc_location[@id='cli-prefer-@@' and @rsc='@@']"}},
	{"property", []string{"//crm_config/cluster_property_set", "/nvpair[@name='@@']"}},
	{"nodeattr", []string{"//nodes/node/instance_attributes", "/nvpair[@name='@@']"}},
	{"nodeutil", []string{"//nodes/node/utilization", "[@uname='@@']"}},
	{"node", []string{"//nodes/node", "[@uname='@@']"}},
	{"status", []string{"/cib/status"}},
	{"cib", []string{"/cib"}},
}

func shortcutOf(name string) *aclShortcut {
	for i := range aclShortcuts {
		if aclShortcuts[i].name == name {
			return &aclShortcuts[i]
		}
	}
	return nil
}

// expand turns the words of a shortcut's value (split at ':') into its
// xpath; ok is false when there are more words than the shortcut takes.
func (s *aclShortcut) expand(val string, hasVal bool) (string, bool) {
	if !hasVal {
		if strings.Contains(s.parts[0], "@@") {
			return "", false
		}
		return s.parts[0], true
	}
	var b strings.Builder
	i := 0
	for _, w := range strings.Split(val, ":") {
		if i < len(s.parts) && !strings.Contains(s.parts[i], "@@") {
			b.WriteString(s.parts[i])
			i++
		}
		if i >= len(s.parts) {
			return "", false
		}
		b.WriteString(strings.ReplaceAll(s.parts[i], "@@", w))
		i++
	}
	return b.String(), true
}

// parseACL dispatches role, user, acl_target and acl_group.
func (p *parser) parseACL(o *Object) *cib.Element {
	p.minArgs(2)
	switch strings.ToLower(p.matchAny()) {
	case "user":
		return p.parseUser()
	case "acl_target", "acl_group":
		out := newElem(strings.ToLower(p.toks[0].val), "id", p.match(reIdent(), "Expected identifier"))
		for p.hasTokens() {
			p.ref(p.toks[p.cur])
			out.AddChild(newElem("role", "id", p.match(reIdent(), "Expected identifier")))
		}
		return out
	}
	start := p.cur
	out := p.parseRole(false)
	// the old syntax is read again when the CIB turns out to need it
	o.reparse = func(q *parser) *cib.Element {
		q.cur = start
		return q.parseRole(true)
	}
	return out
}

// parseRole reads role <id> ... after the keyword: permissions for the
// pacemaker-2.0 ACLs, read/write/deny rules for the old ones.
func (p *parser) parseRole(old bool) *cib.Element {
	out := newElem("acl_role", "id", p.match(reIdent(), "Expected identifier"))
	if old {
		for p.hasTokens() {
			out.AddChild(p.aclRule())
		}
		return out
	}
	p.tryDescription(out)
	for p.hasTokens() {
		p.permission(out)
	}
	return out
}

// parseUser reads user <id> {role:<role> | rule}: the pacemaker-1.x acl_user.
func (p *parser) parseUser() *cib.Element {
	out := newElem("acl_user", "id", p.match(reIdent(), "Expected identifier"))
	for p.hasTokens() {
		if p.tryMatch(reRoleRef()) {
			p.refAt(p.matched(1), p.toks[p.cur-1])
			out.AddChild(newElem("role_ref", "id", p.matched(1)))
			continue
		}
		out.AddChild(p.aclRule())
	}
	return out
}

func (p *parser) isPermission(t string) bool {
	k, _, _ := strings.Cut(t, ":")
	_, spec := aclSpecs[k]
	return spec || shortcutOf(k) != nil
}

// permission reads (read|write|deny) [<id>:|$id=<id>] [description=..]
// {<spec>:<value>} and adds one acl_permission per kind of spec given (an
// xpath, a reference, an object type), as crmsh does.
func (p *parser) permission(out *cib.Element) {
	kw := p.here()
	rule := newElem("acl_permission", "kind", strings.ToLower(p.match(reACLRight(), "Expected (read|write|deny)")))
	if p.tryMatch(reID()) || p.tryMatch(reIDNew()) {
		rule.CreateAttr("id", p.matched(1))
	}
	p.tryDescription(rule)
	specs := map[string]string{}
	var attrTok token
	for p.hasTokens() {
		t, _ := p.current()
		if !p.isPermission(t) {
			break
		}
		tok := p.toks[p.cur]
		p.match(rePerm(), "Expected <type>:<spec>")
		typ, val := p.matched(1), p.matched(2)
		hasVal := val != ""
		if s := shortcutOf(typ); s != nil {
			x, ok := s.expand(val, hasVal)
			if !ok {
				p.failAt(tok, "Missing or extra argument to ACL shortcut "+typ)
			}
			typ, val = "xpath", x
		} else if !hasVal {
			p.failAt(tok, "Expected <type>:<spec>")
		} else {
			typ = aclSpecs[typ]
		}
		if typ == "attribute" {
			attrTok = tok
		}
		p.refAt(val, tok)
		specs[typ] = val
	}
	for _, k := range []string{"xpath", "reference", "object-type"} {
		v, ok := specs[k]
		if !ok {
			continue
		}
		r := p.at(rule.Copy(), kw)
		r.CreateAttr(k, v)
		if a, ok := specs["attribute"]; ok && k == "object-type" {
			r.CreateAttr("attribute", a)
		}
		out.AddChild(r)
	}
	if _, ok := specs["attribute"]; ok {
		if _, typed := specs["object-type"]; !typed {
			p.failAt(attrTok, "attribute is only valid in combination with tag/object-type")
		}
	}
}

// aclRule reads a pacemaker-1.x rule: (read|write|deny) followed by an
// xpath, or a ref and/or a tag, and an attribute.
func (p *parser) aclRule() *cib.Element {
	kw := p.here()
	rule := p.at(cib.NewElement(strings.ToLower(p.match(reACLRight(), "Expected (read|write|deny)"))), kw)
	eligible := append([]string(nil), oldACLSpecs...)
	for p.hasTokens() {
		t, _ := p.current()
		k, v, hasVal := strings.Cut(t, ":")
		if s := shortcutOf(k); s != nil {
			x, ok := s.expand(v, hasVal)
			if !ok {
				break
			}
			k, v, hasVal = "xpath", x, true
		}
		if !hasVal || !isOneOf(k, eligible) {
			break
		}
		p.cur++
		rule.CreateAttr(k, v)
		if dropSpec(&eligible, k) {
			break
		}
	}
	return rule
}

// dropSpec removes spec from the specs still allowed in a rule and
// reports whether the rule is complete.
func dropSpec(l *[]string, spec string) bool {
	remove := func(s string) bool {
		for i, x := range *l {
			if x == s {
				*l = append((*l)[:i:i], (*l)[i+1:]...)
				return true
			}
		}
		return false
	}
	if !remove(spec) {
		return false
	}
	switch spec {
	case "xpath":
		remove("ref")
		remove("tag")
	case "ref", "tag":
		remove("xpath")
	default:
		return true
	}
	return false
}
