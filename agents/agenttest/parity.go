package agenttest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// Parity compares an agent with its fence-agents counterpart: each case
// runs once with the installed program and once with the agent, on the
// same device brought to the same starting state, and the exit codes,
// standard output and device state afterwards must agree, except where a
// case names a deliberate difference.
type Parity struct {
	Agent  agents.Agent
	Name   string // the agent's installed name
	Theirs string // the counterpart's path
	// Device summarises the device side after a run.
	Device func(t testing.TB) string
	// Subst is replaced in stdin values and arguments (PORT: the port).
	Subst map[string]string
	// Timeout bounds each run (default 2 minutes).
	Timeout time.Duration
}

// ParityCase is one run: stdin keys (Pacemaker's way), or command-line
// arguments when Stdin is nil.
type ParityCase struct {
	Name  string
	Init  func(t testing.TB) // bring the device to the starting state
	Stdin map[string]string
	Args  []string
	// Differ names a deliberate difference (listed in the agent's doc.go);
	// the exit codes are then Ours and Theirs instead of equal.
	Differ       string
	Ours, Theirs int
}

// Run runs every case as a subtest.
func (p Parity) Run(t *testing.T, cases []ParityCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { p.compare(t, c) })
	}
}

func (p Parity) compare(t *testing.T, c ParityCase) {
	timeout := p.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	stdin, args := p.render(c)
	c.Init(t)
	run := peertest.RunProgram(ctx, t, p.Theirs, args, stdin, "PYTHONWARNINGS=ignore")
	theirs := Result{Code: run.Code, Stdout: run.Stdout, Stderr: run.Stderr, Elapsed: run.Elapsed}
	theirDevice := p.Device(t)
	c.Init(t)
	ours := Exec(ctx, p.Agent, p.Name, stdin, args)
	ourDevice := p.Device(t)
	if c.Differ != "" {
		if ours.Code != c.Ours || theirs.Code != c.Theirs {
			t.Errorf("deliberate difference (%s): exit %d, theirs %d; want %d and %d\nours: %v\ntheirs: %v",
				c.Differ, ours.Code, theirs.Code, c.Ours, c.Theirs, ours, theirs)
		}
		return
	}
	if ours.Code != theirs.Code || ours.Stdout != theirs.Stdout || ourDevice != theirDevice {
		t.Errorf("differs from %s\nours:   %v\n        device %s\ntheirs: %v\n        device %s", p.Theirs, ours, ourDevice, theirs, theirDevice)
	}
}

// render writes the case's stdin (action first, then sorted keys) or
// arguments, with Subst applied.
func (p Parity) render(c ParityCase) (string, []string) {
	subst := func(s string) string {
		for k, v := range p.Subst {
			s = strings.ReplaceAll(s, k, v)
		}
		return s
	}
	if c.Stdin == nil {
		args := make([]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = subst(a)
		}
		return "", args
	}
	var b strings.Builder
	if a, ok := c.Stdin["action"]; ok {
		fmt.Fprintf(&b, "action=%s\n", subst(a))
	}
	keys := make([]string, 0, len(c.Stdin))
	for k := range c.Stdin {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k != "action" {
			fmt.Fprintf(&b, "%s=%s\n", k, subst(c.Stdin[k]))
		}
	}
	return b.String(), nil
}
