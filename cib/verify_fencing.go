package cib

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/beevik/etree"
)

// fenceDevice reads the device dev defines, as the fencer does.
func fenceDevice(dev *etree.Element) *FenceDevice {
	r := (&Model{}).readResource(dev)
	if r == nil {
		r = &Resource{ID: dev.SelectAttrValue("id", ""), Instance: map[string]string{}, Meta: map[string]string{}}
	}
	return NewFenceDevice(r)
}

// checkDevices checks each stonith device's fencing parameters as the
// fencer reads them (host check, host map, durations) and its recurring
// monitor. Where the device may run is the plan's business
// (pengine.Result.Warnings).
func (d *Document) checkDevices(x *index) []Finding {
	var out []Finding
	for _, dev := range x.stonith {
		fd := fenceDevice(dev)
		add := func(sev Severity, check, msg string) { out = append(out, d.finding(sev, check, dev, msg)) }
		if v, ok := fd.Params["pcmk_host_check"]; ok && !oneOfFold(v, CheckDynamic+" "+CheckStatic+" "+CheckStatus+" "+CheckNone) {
			add(Error, "host-check", fmt.Sprintf("pcmk_host_check=%q is invalid, so the device fences no node: use dynamic-list, static-list, status or none", v))
		}
		for _, p := range HostMapProblems(fd.Params["pcmk_host_map"]) {
			add(Error, "host-map", "pcmk_host_map: "+p+": write entries as node1:port1;node2:port2")
		}
		for _, f := range durationProblems(fd) {
			add(f.Severity, f.Check, f.Message)
		}
		for _, k := range slices.Sorted(maps.Keys(fd.Params)) {
			if strings.ContainsAny(fd.Params[k], "\n\r\x00") {
				add(Error, "device-param", fmt.Sprintf("parameter %s holds a line break or NUL: the fencer passes parameters one a line, so the agent would read another parameter (executioner refuses to run it)", k))
			}
		}
		for _, n := range fd.Notes {
			add(Warning, "device-action", n)
		}
		if !hasRecurringMonitor(dev) {
			add(Warning, "device-monitor", "stonith device has no recurring monitor, so a broken device goes unnoticed until it is needed: add op monitor interval=3600s (or shorter)")
		}
	}
	return out
}

// durationProblems checks the device's delays and timeouts: a value
// Pacemaker refuses is an error; a pcmk_*_timeout that Pacemaker 2.1.5's
// fencer reads differently (it takes only the leading number, as
// seconds) is a warning.
func durationProblems(fd *FenceDevice) []Finding {
	var out []Finding
	names := make([]string, 0, len(fd.Params))
	for k := range fd.Params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := fd.Params[k]
		timeout := strings.HasPrefix(k, "pcmk_") && strings.HasSuffix(k, "_timeout") && IsFencerParam(k)
		isMap := k == "pcmk_delay_base" && strings.Contains(v, ":")
		if !timeout && k != "pcmk_delay_max" && (k != "pcmk_delay_base" || isMap) {
			continue
		}
		d, err := ParseInterval(v)
		switch {
		case err != nil:
			out = append(out, Finding{Severity: Error, Check: "device-duration", Message: fmt.Sprintf("%s=%q: %v", k, v, err)})
		case timeout && d == 0:
			out = append(out, Finding{Severity: Error, Check: "device-duration", Message: fmt.Sprintf("%s=%q is no timeout: stonith-timeout applies instead", k, v)})
		case timeout && int64(atoi(v))*1000 != d.Milliseconds():
			out = append(out, Finding{Severity: Warning, Check: "device-timeout-2.1.5", Message: fmt.Sprintf(
				"%s=%q is %v, but Pacemaker 2.1.5's fencer reads only the number (%d seconds): write it in seconds (%d)",
				k, v, d, atoi(v), d.Milliseconds()/1000)})
		}
	}
	return out
}

func hasRecurringMonitor(dev *etree.Element) bool {
	for _, op := range dev.FindElements("./operations/op") {
		iv, err := ParseInterval(op.SelectAttrValue("interval", "0"))
		if op.SelectAttrValue("name", "") == "monitor" && err == nil && iv > 0 && !IsFalse(op.SelectAttrValue("enabled", "true")) {
			return true
		}
	}
	return false
}

// checkCoverage warns about nodes no device can fence while some can:
// every device has a static list (pcmk_host_check static-list in effect,
// whatever its agent), and none names the node.
func (d *Document) checkCoverage(x *index) []Finding {
	if !x.fencingEnabled() || len(x.stonith) == 0 || x.watchdog() {
		return nil
	}
	var devices []*FenceDevice
	for _, dev := range x.stonith {
		fd := fenceDevice(dev)
		if !strings.EqualFold(fd.HostCheck(AgentInfo{List: true}), CheckStatic) {
			return nil // some device decides at run time; assume it covers everyone
		}
		devices = append(devices, fd)
	}
	var out []Finding
	listed := anyInStaticList(devices)
	for _, n := range x.nodes {
		name := n.SelectAttrValue("uname", n.SelectAttrValue("id", ""))
		if n.SelectAttrValue("type", "member") != "member" || listed(name) {
			continue
		}
		out = append(out, d.finding(Warning, "node-unfenceable", n, fmt.Sprintf(
			"no stonith device lists node %s in pcmk_host_list or pcmk_host_map, though others are covered: add a device (or a host entry) for it", name)))
	}
	return out
}

// FindingFor is a finding about the element with the given id (the line
// and tag found in the document, when it is there).
func (d *Document) FindingFor(sev Severity, check, id, msg string) Finding {
	var e *etree.Element
	if cfg := d.Root().SelectElement("configuration"); cfg != nil && id != "" {
		walk(cfg, func(x *etree.Element) {
			if e == nil && x.SelectAttrValue("id", "") == id {
				e = x
			}
		})
	}
	if e == nil {
		return Finding{Severity: sev, Check: check, ID: id, Message: msg}
	}
	return d.finding(sev, check, e, msg)
}
