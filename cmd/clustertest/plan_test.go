package clustertest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// planned is one fencing action of executioner plan --format json. Devices
// are read by id, whether the plan lists ids or objects that carry one.
type planned struct {
	Target  string         `json:"target"`
	Action  string         `json:"action"`
	Pseudo  bool           `json:"pseudo"`
	After   []string       `json:"after"`
	Devices deviceIDs      `json:"devices"`
	Levels  []plannedLevel `json:"levels"`
}

// plannedLevel is one fencing-topology level of a planned action.
type plannedLevel struct {
	Index   int       `json:"index"`
	Devices deviceIDs `json:"devices"`
}

type deviceIDs []string

func (d *deviceIDs) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, r := range raw {
		var id string
		if json.Unmarshal(r, &id) != nil {
			var o struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(r, &o); err != nil || o.ID == "" {
				return fmt.Errorf("device %s: neither an id nor an object with one", r)
			}
			id = o.ID
		}
		*d = append(*d, id)
	}
	return nil
}

// levels are the plan's topology levels as device lists, in order.
func (p planned) levels() [][]string {
	var ls [][]string
	for _, l := range p.Levels {
		ls = append(ls, l.Devices)
	}
	return ls
}

// planLive runs executioner plan on the live CIB inside node, with each of
// lost marked lost first, and returns its real (not pseudo) fencing
// actions.
func (c *cluster) planLive(node string, lost ...string) []planned {
	c.t.Helper()
	args := []string{"plan", "--format", "json"}
	for _, n := range lost {
		args = append(args, "--what-if", "lost="+n)
	}
	return c.plan(node, args...)
}

// plan runs executioner plan ARGS inside node and reads its JSON.
func (c *cluster) plan(node string, args ...string) []planned {
	c.t.Helper()
	out, errOut, code := c.executioner(node, args...)
	if code != 0 {
		c.t.Fatalf("executioner %s on %s: exit %d: %s", strings.Join(args, " "), node, code, errOut)
	}
	var p struct {
		Actions []planned `json:"actions"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		c.t.Fatalf("executioner %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var real []planned
	for _, a := range p.Actions {
		if !a.Pseudo {
			real = append(real, a)
		}
	}
	c.t.Logf("plan on %s (%s): %s", node, strings.Join(args[1:], " "), summary(real))
	return real
}

func summary(ps []planned) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s devices=%v levels=%v after=%v", p.Action, p.Target, p.Devices, p.levels(), p.After)
	}
	return b.String()
}

// find is the plan's action for target.
func find(ps []planned, target string) (planned, bool) {
	for _, p := range ps {
		if p.Target == target {
			return p, true
		}
	}
	return planned{}, false
}

// comparePlanned says how what Pacemaker's fencers did for p.Target (lines,
// from their logs) differs from what the plan named: the action of every
// attempt and outcome, the devices the fencers found able to fence the
// target, and the devices they ran, in the plan's level order when it has
// levels. "" when they agree.
func comparePlanned(p planned, lines []fencerLine) string {
	var eligible, attempted []string
	attempts := of(lines, "attempt", p.Target)
	for _, l := range of(lines, "eligible", p.Target) {
		if !slices.Contains(eligible, l.device) {
			eligible = append(eligible, l.device)
		}
	}
	for _, l := range append(append(of(lines, "request", p.Target), attempts...), of(lines, "done", p.Target)...) {
		if l.action != p.Action {
			return fmt.Sprintf("the plan says %s %s, %s's fencer did %s (%s)", p.Action, p.Target, l.node, l.action, l.kind)
		}
	}
	for _, a := range attempts {
		attempted = append(attempted, a.device)
	}
	if len(attempts) == 0 {
		return "no fencing device was run against " + p.Target
	}
	want := slices.Sorted(slices.Values(p.Devices))
	if slices.Sort(eligible); !slices.Equal(eligible, want) {
		return fmt.Sprintf("devices able to fence %s: plan %v, Pacemaker's fencers %v", p.Target, want, eligible)
	}
	if len(p.Levels) > 0 {
		if err := levelWalk(p.levels(), attempts); err != nil {
			return fmt.Sprintf("%s: devices run %v: %v", p.Target, attempted, err)
		}
		return ""
	}
	for _, d := range attempted {
		if !slices.Contains(p.Devices, d) {
			return fmt.Sprintf("Pacemaker fenced %s with %s, which the plan does not name (%v)", p.Target, d, p.Devices)
		}
	}
	return ""
}

// levelWalk checks that attempts follow levels as Pacemaker's fencer does:
// level by level, a level's devices in order, the next level once a device
// failed, and level 1 again after the last level (a new fencing attempt) or
// after a level succeeded.
func levelWalk(levels [][]string, attempts []fencerLine) error {
	li, di := 0, 0
	for i, a := range attempts {
		if want := levels[li][di]; a.device != want {
			return fmt.Errorf("device run %d is %s where level %d has %s", i+1, a.device, li+1, want)
		}
		switch {
		case a.result != "0":
			li, di = li+1, 0
		case di+1 < len(levels[li]):
			di++
		default:
			li, di = len(levels), 0
		}
		if li == len(levels) {
			li = 0
		}
	}
	return nil
}
