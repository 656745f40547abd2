package cib

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beevik/etree"
)

// optionKind validates one cluster option's value.
type optionKind func(string) bool

func oneOfFold(s, set string) bool {
	for _, v := range strings.Fields(set) {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

func oneOf(set string) optionKind { return func(s string) bool { return oneOfFold(s, set) } }

// clusterOptions are the options whose values Pacemaker 2.1.5 validates, by
// name; the 3.x fencing-* names are checked the same way.
var clusterOptions = map[string]optionKind{
	"stonith-enabled":        IsBoolean,
	"fencing-enabled":        IsBoolean,
	"startup-fencing":        IsBoolean,
	"symmetric-cluster":      IsBoolean,
	"maintenance-mode":       IsBoolean,
	"stop-all-resources":     IsBoolean,
	"concurrent-fencing":     IsBoolean,
	"stonith-timeout":        validInterval,
	"fencing-timeout":        validInterval,
	"priority-fencing-delay": validInterval,
	"no-quorum-policy":       oneOf("stop freeze ignore demote suicide"),
	"stonith-action":         validFenceAction,
	"fencing-action":         validFenceAction,
	"stonith-max-attempts":   validPositive,
	"fencing-max-attempts":   validPositive,
}

// fencingEnabled reports whether fencing is on (the default, also for an
// invalid value).
func (x *index) fencingEnabled() bool {
	v, ok := x.option("stonith-enabled", "fencing-enabled")
	return !ok || !IsFalse(v.value)
}

// watchdog reports whether SBD watchdog self-fencing is available
// (have-watchdog=true), which Pacemaker counts as a fencing device.
func (x *index) watchdog() bool {
	v, ok := x.option("have-watchdog")
	return ok && IsTrue(v.value)
}

func (d *Document) checkOptions(x *index) []Finding {
	var out []Finding
	for name, o := range x.options {
		valid, known := clusterOptions[name]
		if known && !valid(o.value) {
			out = append(out, d.finding(Error, "option-value", o.elem, fmt.Sprintf(
				"cluster option %s=%q is invalid and Pacemaker uses its default instead: set a valid value", name, o.value)))
		}
	}
	sortByLine(out)
	if x.fencingEnabled() && len(x.stonith) == 0 && !x.watchdog() {
		out = append(out, d.finding(Error, "no-stonith-device", d.Root().SelectElement("configuration"),
			"stonith-enabled is true but no stonith device is defined, so no resource may start: add a class=\"stonith\" primitive or set stonith-enabled=false"))
	}
	if !x.fencingEnabled() {
		var warn []Finding
		for _, r := range x.resources {
			if metaValue(r, "requires") == "fencing" {
				warn = append(warn, d.finding(Warning, "requires-fencing", r,
					"requires=fencing but fencing is disabled: enable stonith or change requires"))
			}
		}
		sortByLine(warn)
		out = append(out, warn...)
	}
	return out
}

// metaValue returns a meta attribute set directly on resource r.
func metaValue(r *etree.Element, name string) string {
	for _, set := range r.SelectElements("meta_attributes") {
		for _, nv := range set.SelectElements("nvpair") {
			if nv.SelectAttrValue("name", "") == name {
				return nv.SelectAttrValue("value", "")
			}
		}
	}
	return ""
}

// sortByLine orders findings by source line, then id.
func sortByLine(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Line != fs[j].Line {
			return fs[i].Line < fs[j].Line
		}
		return fs[i].ID < fs[j].ID
	})
}
