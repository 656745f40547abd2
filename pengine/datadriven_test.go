package pengine

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/cib"
)

// update rewrites the expected output of the data-driven tests.
var update = flag.Bool("update", false, "rewrite testdata/plans/*.txt with the plans computed now")

// A data-driven test file (testdata/plans/*.txt) is a list of cases, in
// the style of etcd-io/raft's: a command line, its input, a line "----",
// the expected output, and an empty line. Lines starting with '#' before
// a command are comments. The command is
//
//	plan [agent=NAME:CAP,CAP...]... [step=TARGET:ACTION]... [now=UNIX]
//
// with the agents' metadata as capabilities (list, status, reboot, on,
// auto: automatic on, port or plug: the host parameter, nodeid,
// ontarget=ACTION+ACTION); an agent not named has metadata that could not
// be read. step adds a request that did not come from the plan
// (StepFor). The input is the configuration and status sections of a CIB
// (what goes inside <cib>), and the output renderPlan's text of the
// whole plan: the actions and their reasons, order, steps (levels, ops,
// agent calls, nodes, checks, timeouts, attempts, delays) and devices.
// Run with -update to rewrite the outputs, and review the diff.
type ddCase struct {
	comment []string
	command string
	input   []string
	output  []string
}

func readDD(t *testing.T, path string) []ddCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []ddCase
	var c *ddCase
	state := 0 // 0 between cases, 1 input, 2 output
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		switch {
		case state == 0 && (strings.HasPrefix(line, "#") || line == ""):
			if c == nil {
				cases = append(cases, ddCase{})
				c = &cases[len(cases)-1]
			}
			if line != "" {
				c.comment = append(c.comment, line)
			}
		case state == 0:
			if c == nil {
				cases = append(cases, ddCase{})
				c = &cases[len(cases)-1]
			}
			c.command, state = line, 1
		case state == 1 && line == "----":
			state = 2
		case state == 1:
			c.input = append(c.input, line)
		case state == 2 && line == "":
			state, c = 0, nil
		case state == 2:
			c.output = append(c.output, line)
		default:
			t.Fatalf("%s:%d: unexpected %q", path, i+1, line)
		}
	}
	if state == 1 {
		t.Fatalf("%s: the last case has no ----", path)
	}
	return cases
}

func writeDD(t *testing.T, path string, cases []ddCase) {
	t.Helper()
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, l := range c.comment {
			b.WriteString(l + "\n")
		}
		b.WriteString(c.command + "\n")
		for _, l := range c.input {
			b.WriteString(l + "\n")
		}
		b.WriteString("----\n")
		for _, l := range c.output {
			b.WriteString(l + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPlansDataDriven runs every case of testdata/plans.
func TestPlansDataDriven(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "plans", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no data-driven cases in testdata/plans")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			cases := readDD(t, f)
			changed := false
			for i := range cases {
				c := &cases[i]
				got := strings.Split(strings.TrimRight(runDD(t, f, c), "\n"), "\n")
				if strings.Join(got, "\n") == strings.Join(c.output, "\n") {
					continue
				}
				if *update {
					c.output, changed = got, true
					continue
				}
				t.Errorf("%s: %s:\n--- want\n%s\n--- got\n%s", f, c.command, strings.Join(c.output, "\n"), strings.Join(got, "\n"))
			}
			if changed {
				writeDD(t, f, cases)
			}
		})
	}
}

// runDD carries out one case's command and renders the result.
func runDD(t *testing.T, file string, c *ddCase) string {
	t.Helper()
	f := strings.Fields(c.command)
	if len(f) == 0 || f[0] != "plan" {
		t.Fatalf("%s: unknown command %q", file, c.command)
	}
	in := Input{Agents: map[string]cib.AgentInfo{}}
	var extra [][2]string
	for _, arg := range f[1:] {
		k, v, _ := strings.Cut(arg, "=")
		switch k {
		case "agent":
			name, caps, _ := strings.Cut(v, ":")
			in.Agents[name] = agentCaps(t, caps)
		case "step":
			target, action, _ := strings.Cut(v, ":")
			extra = append(extra, [2]string{target, action})
		case "now":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("%s: now=%q", file, v)
			}
			in.Now = time.Unix(n, 0)
		default:
			t.Fatalf("%s: unknown argument %q", file, arg)
		}
	}
	doc, err := cib.Parse([]byte(`<cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9" crm_feature_set="3.16.2" have-quorum="1" dc-uuid="1">` +
		strings.Join(c.input, "\n") + `</cib>`))
	if err != nil {
		return "error: " + err.Error()
	}
	in.Model = doc.Model()
	res, err := Schedule(in)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	renderPlan(&b, res)
	for _, e := range extra {
		st, err := StepFor(in, e[0], cib.FenceAction(e[1]))
		if err != nil {
			fmt.Fprintf(&b, "request %s %s: error: %v\n", e[0], e[1], err)
			continue
		}
		fmt.Fprintf(&b, "request %s %s\n", e[0], e[1])
		renderStep(&b, st)
	}
	return b.String()
}

func agentCaps(t *testing.T, caps string) cib.AgentInfo {
	info := cib.AgentInfo{Known: true}
	for _, c := range strings.Split(caps, ",") {
		k, v, _ := strings.Cut(c, "=")
		switch k {
		case "":
		case "list":
			info.List = true
		case "status":
			info.Status = true
		case "reboot":
			info.Reboot = true
		case "on":
			info.On = true
		case "auto":
			info.On, info.AutoUnfence = true, true
		case "port", "plug":
			info.HostArg = k
		case "nodeid":
			info.NodeID = true
		case "ontarget":
			info.OnTarget = strings.Split(v, "+")
		default:
			t.Fatalf("unknown agent capability %q", c)
		}
	}
	return info
}

// renderPlan writes the whole plan, one fact a line.
func renderPlan(b *strings.Builder, r *Result) {
	for _, a := range r.Ordered() {
		fmt.Fprintf(b, "%s %s", a.Target, a.Action)
		if a.Pseudo {
			b.WriteString(" pseudo")
		}
		if a.DC {
			b.WriteString(" dc")
		}
		if a.HasDelay {
			fmt.Fprintf(b, " delay=%d", a.Delay)
		}
		if after := r.Before(a.Key()); len(after) > 0 {
			fmt.Fprintf(b, " after=%s", strings.Join(after, ","))
		}
		fmt.Fprintf(b, ": %s\n", a.Reason)
		if a.Step != nil {
			renderStep(b, a.Step)
		}
		if blocked := r.Blocked[a.Target]; len(blocked) > 0 {
			fmt.Fprintf(b, "  waiting: %s\n", strings.Join(blocked, " "))
		}
	}
	for _, d := range r.Devices {
		fmt.Fprintf(b, "device %s %s nodes=%s check=%s limit=%d", d.ID, d.Agent, strings.Join(d.Nodes.Names(), ","), d.HostCheck, d.ActionLimit)
		if len(d.Targets) > 0 {
			fmt.Fprintf(b, " targets=%s", strings.Join(d.Targets, ","))
		}
		if d.MonitorInterval > 0 {
			fmt.Fprintf(b, " monitor=%v", d.MonitorInterval.Std())
		}
		fmt.Fprintf(b, " monitor-call=%s\n", renderCall(d.Monitor))
		for _, w := range d.Why {
			fmt.Fprintf(b, "  not %s\n", w)
		}
		for _, n := range d.Notes {
			fmt.Fprintf(b, "  note %s\n", n)
		}
	}
	for _, n := range r.Topology {
		fmt.Fprintf(b, "ignored level: %s\n", n)
	}
	for _, w := range r.Warnings() {
		fmt.Fprintf(b, "warning %s %s: %s\n", w.ID, w.Check, w.Message)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(b, "note: %s\n", n)
	}
}

func renderStep(b *strings.Builder, st *Step) {
	fmt.Fprintf(b, "  step timeout=%v", st.Timeout.Std())
	if st.Delay > 0 {
		fmt.Fprintf(b, " delay=%d", st.Delay)
	}
	if st.Topology {
		fmt.Fprintf(b, " topology=%s", st.Entry)
	}
	b.WriteString("\n")
	for _, l := range st.Levels {
		fmt.Fprintf(b, "  level %d: %s\n", l.Index, strings.Join(l.Devices, ","))
		for _, op := range l.Ops {
			fmt.Fprintf(b, "    %s %s %s nodes=%s check=%s", op.Device, op.Agent, op.Action, strings.Join(op.Nodes.Names(), ","), renderCheck(op.Check))
			if op.DelayBase > 0 || op.DelayMax > 0 {
				fmt.Fprintf(b, " delay=%d-%d", op.DelayBase, op.DelayMax)
			}
			for _, flag := range []struct {
				on   bool
				name string
			}{{op.Optional, "optional"}, {op.Required, "required"}} {
				if flag.on {
					b.WriteString(" " + flag.name)
				}
			}
			fmt.Fprintf(b, " limit=%d\n      call %s\n", op.ActionLimit, renderCall(op.Call))
			if op.Unusable != "" {
				fmt.Fprintf(b, "      unusable: %s\n", op.Unusable)
			}
		}
	}
	for _, n := range st.Notes {
		fmt.Fprintf(b, "  note %s\n", n)
	}
}

func renderCheck(c Check) string {
	s := c.Mode
	switch {
	case c.Known:
		s += fmt.Sprintf("(%v)", c.Admits)
	case c.List != nil:
		s += "(" + strings.Join(c.Names, "|") + " in " + renderCall(*c.List)
		if c.Status != nil {
			s += " else " + renderCall(*c.Status)
		}
		s += ")"
	case c.Status != nil:
		s += "(" + renderCall(*c.Status) + ")"
	}
	return s
}

func renderCall(c AgentCall) string {
	red := c.Params.Redacted()
	keys := make([]string, 0, len(red))
	for k := range red {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := []string{c.Verb}
	for _, k := range keys {
		parts = append(parts, k+"="+red[k])
	}
	return fmt.Sprintf("[%s] timeout=%v attempts=%d", strings.Join(parts, " "), c.Timeout.Std(), c.Attempts)
}
