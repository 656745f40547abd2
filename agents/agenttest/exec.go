package agenttest

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Hostname is the local host name agents see when run by Exec.
const Hostname = "agenttest-local"

// Result is the outcome of one in-process agent run.
type Result struct {
	Code    int
	Stdout  string
	Stderr  string
	Elapsed time.Duration
}

// String summarises the result for test failures.
func (r Result) String() string {
	return fmt.Sprintf("exit %d after %v\nstdout: %q\nstderr: %q", r.Code, r.Elapsed.Round(time.Millisecond), r.Stdout, r.Stderr)
}

// Exec runs agent a in-process under name, with stdin when args is nil,
// else with the command-line arguments args, as host Hostname.
func Exec(ctx context.Context, a agents.Agent, name, stdin string, args []string) Result {
	var out, errb bytes.Buffer
	start := time.Now()
	err := agents.Execute(ctx, a, agents.Invocation{
		Name: name, Args: args, Stdin: strings.NewReader(stdin),
		Stdout: &out, Stderr: &errb, Hostname: Hostname,
	})
	return Result{Code: ocf.CodeOf(err), Stdout: out.String(), Stderr: errb.String(), Elapsed: time.Since(start)}
}

// Stdin renders params as Pacemaker writes them: one key=value line each
// (sorted here, for reproducible runs), with action first.
func Stdin(action ocf.Action, params map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "action=%s\n", action)
	for _, k := range sortedKeys(params) {
		fmt.Fprintf(&b, "%s=%s\n", k, params[k])
	}
	return b.String()
}

// Args renders params as long options, the way fence-agents' command line
// takes them: --name=value, or --name for a true boolean. Keys the metadata
// does not declare are left out (getopt would reject them).
func Args(md *ocf.Metadata, action ocf.Action, params map[string]string) []string {
	args := []string{"--action=" + string(action)}
	for _, k := range sortedKeys(params) {
		opt := "--" + strings.ReplaceAll(k, "_", "-")
		p, ok := md.Param(k)
		if !ok {
			continue // only stdin tolerates unknown keys
		}
		if p.Type == ocf.TypeBoolean {
			if v := strings.ToLower(params[k]); v == "1" || v == "yes" || v == "on" || v == "true" {
				args = append(args, opt)
			}
			continue
		}
		args = append(args, opt+"="+params[k])
	}
	return args
}

// WithTarget returns a copy of params with the target keys Pacemaker adds
// for a targeted action: nodename and port.
func WithTarget(params map[string]string, target string) map[string]string {
	m := make(map[string]string, len(params)+2)
	for k, v := range params {
		m[k] = v
	}
	if target != "" {
		m["nodename"] = target
		if _, fixed := m["port"]; !fixed {
			if _, fixed := m["plug"]; !fixed {
				m["port"] = target
			}
		}
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Act runs one action of agent a in-process with params on stdin (and the
// target keys of WithTarget when target is set), bounded by two minutes.
func Act(t testing.TB, a agents.Agent, name string, action ocf.Action, params map[string]string, target string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if target != "" {
		params = WithTarget(params, target)
	}
	return Exec(ctx, a, name, Stdin(action, params), nil)
}
