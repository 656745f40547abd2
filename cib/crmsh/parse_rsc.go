package crmsh

import (
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// parseNode reads node [<id>:|$id=<id>] <uname>[:<type>] [description=..]
// [[attributes] attr_list] [utilization attr_list].
func (p *parser) parseNode() *cib.Element {
	p.minArgs(1)
	p.matchAny()
	out := cib.NewElement("node")
	if p.tryMatch(reID()) || p.tryMatch(reIDNew()) {
		maybeSet(out, "id", p.matched(1))
	}
	p.match(reUname(), "Expected uname[:type]")
	out.CreateAttr("uname", p.matched(1))
	maybeSet(out, "type", p.matched(3))
	p.tryDescription(out)
	p.matchArguments(out, nameMap{{"attributes", "instance_attributes"}, {"utilization", "utilization"}}, false, "attributes")
	return out
}

func (p *parser) minArgs(n int) {
	if len(p.toks) < n+1 {
		p.failAt(p.toks[0], "Expected at least "+itoa(n)+" arguments")
	}
}

func (p *parser) tryDescription(out *cib.Element) {
	if p.tryMatch(reDesc()) {
		out.CreateAttr("description", p.matched(1))
	}
}

// parseResource dispatches primitive, group, clone, ms and master.
func (p *parser) parseResource() *cib.Element {
	p.minArgs(2)
	kw := strings.ToLower(p.matchAny())
	switch kw {
	case "primitive":
		return p.parsePrimitive("primitive")
	case "rsc_template":
		return p.parsePrimitive("template")
	case "group":
		return p.parseGroup()
	default:
		return p.parseClone(kw)
	}
}

var rscArgs = nameMap{{"params", "instance_attributes"}, {"meta", "meta_attributes"}, {"utilization", "utilization"}}
var containerArgs = nameMap{{"params", "instance_attributes"}, {"meta", "meta_attributes"}}

// parsePrimitive reads primitive|rsc_template <id> (<type>|@<template>) ...
func (p *parser) parsePrimitive(tag string) *cib.Element {
	out := cib.NewElement(tag)
	out.CreateAttr("id", p.match(reIdent(), "Expected identifier"))
	if t, ok := p.current(); ok && tag == "primitive" && p.tryMatch(reTemplate()) {
		out.CreateAttr("template", p.matched(1))
		p.refAt(p.matched(1), token{t, p.toks[p.cur-1].pos})
	} else {
		p.matchRAType(out)
	}
	p.tryDescription(out)
	p.matchArguments(out, rscArgs, true, "params")
	return out
}

// matchRAType reads [<class>:[<provider>:]]<type>. A bare type is an OCF
// agent of provider heartbeat.
func (p *parser) matchRAType(out *cib.Element) {
	t, ok := p.current()
	if !ok {
		p.fail("Expected resource type")
	}
	sp := strings.Split(t, ":")
	var c, prov, typ string
	switch len(sp) {
	case 1:
		c, prov, typ = "ocf", "heartbeat", sp[0]
	case 2:
		c, typ = sp[0], sp[1]
		if c == "ocf" {
			prov = "heartbeat"
		}
	case 3:
		c, prov, typ = sp[0], sp[1], sp[2]
	}
	if typ == "" || (c == "ocf" && prov == "") {
		p.fail("Unknown resource type")
	}
	p.refAt("@type", p.toks[p.cur])
	p.matchAny()
	maybeSet(out, "class", c)
	maybeSet(out, "provider", prov)
	maybeSet(out, "type", typ)
}

// parseClone reads clone|ms|master <id> <rsc> [description=..] [params ..] [meta ..].
func (p *parser) parseClone(kw string) *cib.Element {
	tag := "master"
	if kw == "clone" {
		tag = "clone"
	}
	out := cib.NewElement(tag)
	out.CreateAttr("id", p.match(reIdent(), "Expected identifier"))
	child := newElem("crmsh-ref", "id", p.matchRef("Expected resource"))
	p.tryDescription(out)
	p.matchArguments(out, containerArgs, false, "params")
	out.AddChild(child)
	return out
}

// parseGroup reads group <id> <rsc> {<rsc>} [description=..] [params ..] [meta ..].
func (p *parser) parseGroup() *cib.Element {
	out := cib.NewElement("group")
	out.CreateAttr("id", p.match(reIdent(), "Expected identifier"))
	var children []string
	for {
		t, ok := p.current()
		if !ok || strings.Contains(t, "=") || strings.EqualFold(t, "params") || strings.EqualFold(t, "meta") {
			break
		}
		for _, c := range children {
			if c == t {
				p.fail("child " + t + " listed more than once in group " + attr(out, "id"))
			}
		}
		p.ref(p.toks[p.cur])
		children = append(children, p.matchAny())
	}
	p.tryDescription(out)
	p.matchArguments(out, containerArgs, false, "params")
	for _, c := range children {
		out.AddChild(newElem("crmsh-ref", "id", c))
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
