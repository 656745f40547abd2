package cib

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/beevik/etree"
)

var hostMapEntryRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^:=\s;,]+[:=][^:=\s;,]*$`) })

// instanceValue returns an instance attribute set directly on r.
func instanceValue(r *etree.Element, name string) (string, *etree.Element) {
	for _, set := range r.SelectElements("instance_attributes") {
		for _, nv := range set.SelectElements("nvpair") {
			if nv.SelectAttrValue("name", "") == name {
				return nv.SelectAttrValue("value", ""), nv
			}
		}
	}
	return "", nil
}

func splitHosts(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' || r == '\n' })
}

// deviceTargets returns the nodes a device says it can fence, or nil when
// it finds out at run time (dynamic-list, status, none, or no list).
func deviceTargets(dev *etree.Element) []string {
	list, _ := instanceValue(dev, "pcmk_host_list")
	hmap, _ := instanceValue(dev, "pcmk_host_map")
	check, _ := instanceValue(dev, "pcmk_host_check")
	if check == "" && (list != "" || hmap != "") {
		check = "static-list"
	}
	if check != "static-list" {
		return nil
	}
	targets := splitHosts(list)
	for _, e := range splitHosts(hmap) {
		if i := strings.IndexAny(e, ":="); i > 0 {
			targets = append(targets, e[:i])
		}
	}
	return targets
}

// checkDevices checks each stonith device: host map and check syntax, a
// recurring monitor, and placement that leaves it a node other than the
// one it fences.
func (d *Document) checkDevices(x *index) []Finding {
	var out []Finding
	for _, dev := range x.stonith {
		if v, nv := instanceValue(dev, "pcmk_host_check"); nv != nil && !oneOfFold(v, "dynamic-list static-list status none") {
			out = append(out, d.finding(Error, "host-check", dev, fmt.Sprintf("pcmk_host_check=%q is invalid: use dynamic-list, static-list, status or none", v)))
		}
		if v, nv := instanceValue(dev, "pcmk_host_map"); nv != nil {
			for _, e := range splitHosts(v) {
				if !hostMapEntryRE().MatchString(e) {
					out = append(out, d.finding(Error, "host-map", dev, fmt.Sprintf("pcmk_host_map entry %q is not node:port: write entries as node1:port1;node2:port2", e)))
				}
			}
		}
		if !hasRecurringMonitor(dev) {
			out = append(out, d.finding(Warning, "device-monitor", dev, "stonith device has no recurring monitor, so a broken device goes unnoticed until it is needed: add op monitor interval=3600s (or shorter)"))
		}
		if node, ok := d.onlyOwnTarget(x, dev); ok {
			out = append(out, d.finding(Warning, "device-placement", dev, fmt.Sprintf("location constraints let the device run only on %s, the node it fences, so nothing can fence %s when it fails: allow it elsewhere (usually ban it from %s instead)", node, node, node)))
		}
	}
	return out
}

func hasRecurringMonitor(dev *etree.Element) bool {
	for _, op := range dev.FindElements("./operations/op") {
		iv := op.SelectAttrValue("interval", "0")
		if op.SelectAttrValue("name", "") == "monitor" && strings.TrimLeft(strings.TrimRight(iv, "smhrinec "), "0") != "" && op.SelectAttrValue("enabled", "true") != "false" {
			return true
		}
	}
	return false
}

// runnableNodes returns the nodes location constraints allow dev (or its
// parents) on, and false when rules or patterns make that unknowable.
func (d *Document) runnableNodes(x *index, dev *etree.Element) ([]string, bool) {
	ids := map[string]bool{}
	for e := dev; e != nil && resourceTags[e.Tag]; e = e.Parent() {
		ids[e.SelectAttrValue("id", "")] = true
	}
	symmetric := true
	if v, ok := x.option("symmetric-cluster"); ok && isBoolean(v.value) {
		symmetric = oneOfFold(v.value, "true yes on y 1")
	}
	allowed := map[string]bool{}
	banned := map[string]bool{}
	cons := d.configChild("constraints")
	for _, c := range elementsOf(cons, "rsc_location") {
		if c.SelectAttr("rsc-pattern") != nil || len(c.ChildElements()) > 0 {
			return nil, false
		}
		if !ids[c.SelectAttrValue("rsc", "")] {
			continue
		}
		score := scoreValue(c.SelectAttrValue("score", "0"))
		node := c.SelectAttrValue("node", "")
		switch {
		case score <= -scoreInfinity:
			banned[node] = true
		case score > 0:
			allowed[node] = true
		}
	}
	var out []string
	for _, n := range x.nodeNames() {
		if !banned[n] && (symmetric || allowed[n]) {
			out = append(out, n)
		}
	}
	return out, true
}

func elementsOf(parent *etree.Element, tag string) []*etree.Element {
	if parent == nil {
		return nil
	}
	return parent.SelectElements(tag)
}

// onlyOwnTarget reports the one node dev may run on when dev fences it.
func (d *Document) onlyOwnTarget(x *index, dev *etree.Element) (string, bool) {
	nodes, known := d.runnableNodes(x, dev)
	if !known || len(nodes) != 1 || len(x.nodeNames()) < 2 {
		return "", false
	}
	for _, t := range deviceTargets(dev) {
		if t == nodes[0] {
			return t, true
		}
	}
	return "", false
}

// checkCoverage warns about nodes no device can fence while some can.
func (d *Document) checkCoverage(x *index) []Finding {
	if !x.fencingEnabled() || len(x.stonith) == 0 || x.watchdog() {
		return nil
	}
	covered := map[string]bool{}
	for _, dev := range x.stonith {
		targets := deviceTargets(dev)
		if targets == nil {
			return nil // some device decides at run time; assume it covers everyone
		}
		for _, t := range targets {
			covered[t] = true
		}
	}
	var out []Finding
	for _, n := range x.nodes {
		name := n.SelectAttrValue("uname", n.SelectAttrValue("id", ""))
		if n.SelectAttrValue("type", "member") != "member" || covered[name] {
			continue
		}
		out = append(out, d.finding(Warning, "node-unfenceable", n, fmt.Sprintf(
			"no stonith device lists node %s in pcmk_host_list or pcmk_host_map, though others are covered: add a device (or a host entry) for it", name)))
	}
	return out
}
