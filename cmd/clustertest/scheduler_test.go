package clustertest

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// schedulerInput is the scheduler input (a host path) the DC saved for the
// first transition after the lines began that fenced every target.
func (c *cluster) schedulerInput(lines []fencerLine, targets []string) (string, error) {
	const dir = "/var/lib/pacemaker/pengine/"
	pending := map[string][]string{} // per node: targets scheduled since its last transition
	for _, l := range lines {
		switch l.kind {
		case "scheduled":
			pending[l.node] = append(pending[l.node], l.target)
		case "transition":
			all := true
			for _, n := range targets {
				all = all && slices.Contains(pending[l.node], n)
			}
			pending[l.node] = nil
			if !all {
				continue
			}
			if !strings.HasPrefix(l.input, dir) {
				return "", fmt.Errorf("scheduler input %s outside %s", l.input, dir)
			}
			return filepath.Join(c.State, "nodes", l.node, "lib-pacemaker", "pengine", strings.TrimPrefix(l.input, dir)), nil
		}
	}
	return "", fmt.Errorf("no transition fenced all of %v", targets)
}

// pacemakerFences is what Pacemaker's scheduler fences for a CIB, in the
// canonical fence list (../shared/conformance/scheduler/pacemaker-fences):
// its fence and order lines, sorted.
func (c *cluster) pacemakerFences(cibFile string) ([]string, error) {
	script := peertest.Shared(c.t, "conformance", "scheduler", "pacemaker-fences")
	out, err := exec.Command(script, cibFile).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("pacemaker-fences %s: %v: %s", cibFile, err, out)
	}
	var fences []string
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 && (f[0] == "fence" || f[0] == "order") {
			fences = append(fences, strings.Join(f, " "))
		}
	}
	slices.Sort(fences)
	return fences, nil
}

// planFences is the plan in the same form.
func planFences(plan []planned) []string {
	var fences []string
	for _, p := range plan {
		fences = append(fences, "fence "+p.Target+" "+p.Action)
		for _, first := range p.After {
			fences = append(fences, "order "+first+" "+p.Target+":"+p.Action)
		}
	}
	slices.Sort(fences)
	return fences
}

// compareScheduled says how the plan differs from what Pacemaker's
// scheduler decided when it fenced the targets, on the input it saved
// then; "" when they agree.
func (c *cluster) compareScheduled(lines []fencerLine, targets []string, plan []planned) string {
	input, err := c.schedulerInput(lines, targets)
	if err != nil {
		return err.Error()
	}
	theirs, err := c.pacemakerFences(input)
	if err != nil {
		return err.Error()
	}
	if ours := planFences(plan); !slices.Equal(ours, theirs) {
		return fmt.Sprintf("the plan fences %q, Pacemaker's scheduler (%s) %q", ours, filepath.Base(input), theirs)
	}
	c.t.Logf("Pacemaker's scheduler (%s): %s", filepath.Base(input), strings.Join(theirs, "; "))
	return ""
}
