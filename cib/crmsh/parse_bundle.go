package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// containerKinds are the container runtimes of a bundle. crmsh 4.4.1 reads
// docker only; rkt and podman are read the same way here (crmsh refuses
// them: it cannot print them back).
var containerKinds = []string{"docker", "rkt", "podman"}

// bundleParts are the keywords of a bundle's parts other than meta.
var bundleParts = append([]string{"network", "port-mapping", "storage", "primitive"}, containerKinds...)

// parseBundle reads bundle <id> [description=..] {docker|network|storage
// <k>=<v>...|primitive <rsc>|meta ...}.
func (p *parser) parseBundle() *cib.Element {
	out := newElem("bundle", "id", p.match(reIdent(), "Expected identifier"))
	p.tryDescription(out)
	for p.hasTokens() {
		t, _ := p.current()
		lt := strings.ToLower(t)
		switch {
		case isOneOf(lt, bundleParts):
			p.cur++
			p.bundlePart(out, lt)
		case lt == "meta":
			p.matchKeywordLists(out, nameMap{{"meta", "meta_attributes"}}, []string{"network", "storage", "primitive"})
		default:
			return out
		}
	}
	return out
}

// bundlePart reads the name=value words after a part's keyword: the
// attributes of the part, and after port-mapping or storage-mapping the
// attributes of a new mapping; for primitive, the one resource inside.
func (p *parser) bundlePart(out *cib.Element, kw string) {
	start := p.cur
	all := p.matchNvpairs([]string{"network", "storage", "meta", "primitive"}, 0, true)
	if kw == "primitive" {
		if len(all) != 1 || attr(all[0], "value") != "" {
			var l []string
			for _, nv := range all {
				l = append(l, attr(nv, "name")+"="+attr(nv, "value"))
			}
			p.fail("Expected primitive reference, got " + strings.Join(l, ", "))
		}
		p.ref(p.toks[start])
		out.AddChild(newElem("crmsh-ref", "id", attr(all[0], "name")))
		return
	}
	part := out.SelectElement(kw)
	if part == nil {
		part = p.at(cib.NewElement(kw), p.toks[start-1])
	} else {
		out.RemoveChild(part)
	}
	target := part
	for i, nv := range all {
		n := attr(nv, "name")
		if !hasAttr(nv, "name") || !hasAttr(nv, "value") && n != "port-mapping" && n != "storage-mapping" {
			p.failAt(p.toks[start+i], "Expected <name>=<value> in "+kw)
		}
		if n == "port-mapping" || n == "storage-mapping" {
			target = p.at(part.CreateElement(n), p.toks[start+i])
			continue
		}
		target.CreateAttr(n, attr(nv, "value"))
	}
	out.AddChild(part)
}

// parseMonitor reads monitor <rsc>[:<role>] <interval>[:<timeout>]: an op
// added to an existing primitive.
func (p *parser) parseMonitor() *cib.Element {
	p.minArgs(2)
	p.matchAny()
	out := newElem("op", "name", "monitor")
	rt := p.toks[p.cur]
	rsc, role := p.matchSplit()
	if role != "" {
		switch {
		case canon(role, roleNames) != "":
			out.CreateAttr("role", canon(role, roleNames))
		case isDigits(role):
			out.CreateAttr("instance", role)
		default:
			p.failAt(rt, "Invalid role '"+role+"' for resource '"+rsc+"'")
		}
	}
	out.CreateAttr("rsc", rsc)
	p.refAt(rsc, rt)
	interval, timeout := p.matchSplit()
	maybeSet(out, "interval", interval)
	maybeSet(out, "timeout", timeout)
	return out
}
