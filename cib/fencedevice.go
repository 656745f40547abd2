package cib

import (
	"slices"
	"strings"
	"time"
)

// The pcmk_host_check values.
const (
	CheckStatic  = "static-list"
	CheckDynamic = "dynamic-list"
	CheckStatus  = "status"
	CheckNone    = "none"
)

// DefaultAttempts is the attempts of one device action when
// pcmk_<action>_retries is not set (the fencer's FAILURE_MAX_RETRIES).
const DefaultAttempts = 2

// FenceDevice is a stonith primitive as Pacemaker 2.1.5's fencer
// registers it: its parameters, its static target list and its host map.
// Every fencing parameter of a device is read through it.
type FenceDevice struct {
	ID    string
	Agent string
	// Params are the instance attributes the fencer keeps: a deprecated
	// "action" parameter is removed and, unless it is reboot or empty,
	// turned into pcmk_off_action and pcmk_reboot_action (off: only
	// pcmk_reboot_action), where those are not set.
	Params map[string]string
	// Provides is the meta attribute provides ("unfencing" makes the device
	// required for unfencing).
	Provides string
	// Notes says what the fencer ignores or remaps in the parameters, one
	// line each.
	Notes []string

	targets []string          // pcmk_host_list's names, then the host map's ports
	aliases map[string]string // the host map, by lower-cased node name
	names   []string          // pcmk_host_list's names, then the host map's nodes
	// targetSet holds targets lower-cased, so that InStaticList is
	// O(1) on a host map of every node (see foldSet).
	targetSet *foldSet
}

// FenceDevices lists the stonith primitives of m in document order,
// including those inside groups, clones and bundles.
func (m *Model) FenceDevices() []*FenceDevice {
	var out []*FenceDevice
	seen := map[string]bool{}
	for _, top := range m.Resources {
		top.Walk(func(r, _ *Resource) {
			if r.Kind == KindPrimitive && strings.EqualFold(r.Class, "stonith") && !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, NewFenceDevice(r))
			}
		})
	}
	return out
}

// NewFenceDevice reads the device r defines (build_device_from_xml).
func NewFenceDevice(r *Resource) *FenceDevice {
	d := &FenceDevice{ID: r.ID, Agent: r.Type, Params: map[string]string{}, Provides: r.Meta["provides"]}
	for k, v := range r.Instance {
		d.Params[k] = v
	}
	if v, ok := d.Params["action"]; ok {
		delete(d.Params, "action")
		switch v {
		case "":
			d.Notes = append(d.Notes, "the empty action parameter is ignored")
		case "reboot":
			d.Notes = append(d.Notes, "action=reboot is ignored: stonith-action says what fencing does")
		case "off":
			d.mapAction("reboot", v)
		default:
			d.mapAction("off", v)
			d.mapAction("reboot", v)
		}
	}
	if v, ok := d.Params["pcmk_host_list"]; ok {
		d.targets = ParseTargets(v)
	}
	d.names = append([]string(nil), d.targets...)
	named := newFoldSet(d.names)
	entries, _ := scanHostMap(d.Params["pcmk_host_map"])
	d.aliases = map[string]string{}
	for _, e := range entries {
		d.aliases[strings.ToLower(e.name)] = e.port
		d.targets = append(d.targets, e.port)
		if !named.contains(d.names, e.name) {
			d.names = append(d.names, e.name)
			named.add(e.name)
		}
	}
	d.targetSet = newFoldSet(d.targets)
	return d
}

// foldSet answers containsFold on a list in O(1) for ASCII names: it
// holds the list's names lower-cased; when a name is not ASCII (ToLower
// may not fold it as EqualFold does) the list itself is searched.
type foldSet struct {
	lower   map[string]bool
	unusual bool // a name of the list is not ASCII
}

func newFoldSet(list []string) *foldSet {
	f := &foldSet{lower: make(map[string]bool, len(list))}
	for _, x := range list {
		f.add(x)
	}
	return f
}

func (f *foldSet) add(x string) {
	f.lower[strings.ToLower(x)] = true
	f.unusual = f.unusual || !isASCII(x)
}

// contains is containsFold(list, s), f being list's set (nil: none was
// made, and the list is searched).
func (f *foldSet) contains(list []string, s string) bool {
	if f == nil || f.unusual || !isASCII(s) {
		return containsFold(list, s)
	}
	return f.lower[strings.ToLower(s)]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (d *FenceDevice) mapAction(action, value string) {
	key := "pcmk_" + action + "_action"
	if _, ok := d.Params[key]; ok {
		d.Notes = append(d.Notes, "action="+value+" is ignored: "+key+" is set")
		return
	}
	d.Params[key] = value
	d.Notes = append(d.Notes, "action="+value+" is read as "+key+"="+value)
}

// HostCheck is the pcmk_host_check in effect (target_list_type): the
// value as written, else static-list when pcmk_host_list or pcmk_host_map
// is present (even empty), else dynamic-list when the agent has a list
// action, status when it has status, none otherwise. A value that is not
// one of the four (in any case) makes the device unable to fence anyone.
func (d *FenceDevice) HostCheck(agent AgentInfo) string {
	if v, ok := d.Params["pcmk_host_check"]; ok {
		return v
	}
	_, hasList := d.Params["pcmk_host_list"]
	_, hasMap := d.Params["pcmk_host_map"]
	switch {
	case hasList, hasMap:
		return CheckStatic
	case agent.List:
		return CheckDynamic
	case agent.Status:
		return CheckStatus
	}
	return CheckNone
}

// InStaticList reports whether the static list admits target: one of
// pcmk_host_list's names or of the host map's ports, or a node the host
// map names (only when pcmk_host_map is present), all ignoring case.
func (d *FenceDevice) InStaticList(target string) bool {
	if d.targetSet.contains(d.targets, target) {
		return true
	}
	_, hasMap := d.Params["pcmk_host_map"]
	_, mapped := d.aliases[strings.ToLower(target)]
	return hasMap && mapped
}

// anyInStaticList is a test equal to "the static list of one of devices
// admits name" (InStaticList), O(1) a name for ASCII names once the
// devices' lists are read into one set.
func anyInStaticList(devices []*FenceDevice) func(string) bool {
	set := newFoldSet(nil)
	for _, fd := range devices {
		for _, t := range fd.targets {
			set.add(t)
		}
		if _, hasMap := fd.Params["pcmk_host_map"]; hasMap {
			for k := range fd.aliases {
				set.add(k)
			}
		}
	}
	return func(name string) bool {
		if set.unusual || !isASCII(name) {
			return slices.ContainsFunc(devices, func(fd *FenceDevice) bool { return fd.InStaticList(name) })
		}
		return set.lower[strings.ToLower(name)]
	}
}

// StaticTargets is the static list as the fencer matches it:
// pcmk_host_list's names, then the host map's ports.
func (d *FenceDevice) StaticTargets() []string { return append([]string(nil), d.targets...) }

// Names are the nodes the static list names: pcmk_host_list's names, then
// the nodes of the host map (without its ports).
func (d *FenceDevice) Names() []string { return append([]string(nil), d.names...) }

// Alias is the host map's port for target, if it has one.
func (d *FenceDevice) Alias(target string) (string, bool) {
	v, ok := d.aliases[strings.ToLower(target)]
	return v, ok
}

// ListAdmits reports whether a dynamic list (an agent's list output,
// parsed with ParseTargets) admits target: the list names target's port
// when the host map has one, else target, ignoring case.
func (d *FenceDevice) ListAdmits(list []string, target string) bool {
	if alias, ok := d.Alias(target); ok {
		return containsFold(list, alias)
	}
	return containsFold(list, target)
}

// AgentAction is the verb the agent receives for action: the value of
// pcmk_<action>_action, else action. Pass the action after the fencer's
// reboot-to-off remap (ExecAction).
func (d *FenceDevice) AgentAction(action string) string {
	if v, ok := d.Params["pcmk_"+action+"_action"]; ok {
		return v
	}
	return action
}

// ExecAction is the action the device is asked for when action is
// requested: off for a reboot when the agent has no reboot action.
func ExecAction(action string, agent AgentInfo) string {
	if action == "reboot" && !agent.Reboot {
		return "off"
	}
	return action
}

// Timeout is the timeout of action (after ExecAction): pcmk_<action>_timeout
// when set, else def (the request's timeout, stonith-timeout). Pacemaker
// 2.1.5 reads pcmk_*_timeout with atoi, so "2min" is 2 seconds there;
// executioner reads it like every other duration (as Pacemaker 2.1.8 and
// later do), keeps def for a refused or zero value, and verify reports
// both and warns where 2.1.5 reads a value otherwise.
func (d *FenceDevice) Timeout(action string, def time.Duration) time.Duration {
	v, ok := d.Params["pcmk_"+action+"_timeout"]
	if !ok {
		return def
	}
	if t, err := ParseInterval(v); err == nil && t > 0 {
		return t
	}
	return def
}

// Attempts is how many times action (after ExecAction) is tried in all on
// the device: pcmk_<action>_retries read with atoi (at least one), else
// DefaultAttempts.
func (d *FenceDevice) Attempts(action string) int {
	v, ok := d.Params["pcmk_"+action+"_retries"]
	if !ok {
		return DefaultAttempts
	}
	return max(atoi(v), 1)
}

// ActionLimit is pcmk_action_limit: how many actions may run on the device
// at once, 1 by default (and for 0 or text), any negative value meaning
// no limit (returned as -1).
func (d *FenceDevice) ActionLimit() int {
	v, ok := d.Params["pcmk_action_limit"]
	if !ok {
		return 1
	}
	n, valid := scanInt(v)
	switch {
	case !valid || n == 0:
		return 1
	case n < 0:
		return -1
	}
	return n
}

// DelayMax is pcmk_delay_max in whole seconds for a fencing action (off,
// reboot, poweroff), else 0.
func (d *FenceDevice) DelayMax(action string) int {
	v, ok := d.Params["pcmk_delay_max"]
	if !isFencingAction(action) || !ok {
		return 0
	}
	return IntervalSeconds(v)
}

// DelayBase is pcmk_delay_base in whole seconds for a fencing action
// against target: a duration, or a map "node:duration" (entries separated
// by ';', space or tab) whose first name that starts target, ignoring
// case, gives the delay (so "node1:" also matches node10); a map that
// names no prefix of target gives 0.
func (d *FenceDevice) DelayBase(action, target string) int {
	v, ok := d.Params["pcmk_delay_base"]
	if !isFencingAction(action) || !ok {
		return 0
	}
	value := v
	if target != "" {
		value = firstToken(v) // what strtok leaves of the value when nothing matches
		for _, tok := range strings.FieldsFunc(v, isDelayDelim) {
			name, val, found := strings.Cut(tok, ":")
			if found && val != "" && name != "" && hasPrefixFold(target, name) {
				value = val
				break
			}
		}
	}
	if strings.Contains(value, ":") {
		return 0
	}
	return IntervalSeconds(value)
}

// Delays is the delay range of action against target, in whole seconds:
// the fencer waits base plus a random part below max-base (2.1.5 never
// reaches max). A max below base lowers base to it; no max means base.
func (d *FenceDevice) Delays(action, target string) (base, maximum int) {
	maximum, base = d.DelayMax(action), d.DelayBase(action, target)
	if maximum == 0 {
		maximum = base
	}
	return min(base, maximum), maximum
}

func isDelayDelim(r rune) bool { return r == ';' || r == ' ' || r == '\t' }

// firstToken is v up to the end of its first token: the leading
// delimiters and the token.
func firstToken(v string) string {
	i := 0
	for i < len(v) && isDelayDelim(rune(v[i])) {
		i++
	}
	if j := strings.IndexFunc(v[i:], isDelayDelim); j >= 0 {
		return v[:i+j]
	}
	return v
}

func isFencingAction(a string) bool { return a == "off" || a == "reboot" || a == "poweroff" }

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// atoi is C's atoi: leading white space, a sign, digits; 0 without.
func atoi(s string) int {
	n, _ := scanInt(s)
	return n
}

// scanInt reads an int the way strtoll does (leading white space, a sign,
// digits, the rest ignored), clamped to 32 bits; valid is false without
// digits.
func scanInt(s string) (int, bool) {
	s = strings.TrimLeft(s, cWhitespace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n, digits := 0, 0
	for ; digits < len(s) && s[digits] >= '0' && s[digits] <= '9'; digits++ {
		n = min(n*10+int(s[digits]-'0'), 1<<31)
	}
	if neg {
		n = -n
	}
	return max(min(n, 1<<31-1), -1<<31), digits > 0
}
