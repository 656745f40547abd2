package fencer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/ocf"
)

// RunResult is how one agent action ended. Err is set when the agent could
// not run or did not finish by itself (missing, refused parameters, timed
// out, killed): an internal failure. Otherwise Code is its exit code.
type RunResult struct {
	Code     int
	Stdout   string
	Stderr   string
	Err      error
	Duration time.Duration
	// TimedOut: the agent was stopped at its timeout.
	TimedOut bool
}

// Runner runs agents. Run must return when ctx ends; it never returns a
// secret in RunResult.Err.
type Runner interface {
	// Run carries out action (the agent's verb) with params.
	Run(ctx context.Context, agent, action string, params map[string]string, timeout time.Duration) RunResult
	// Info reads what the agent's metadata tells the fencer.
	Info(ctx context.Context, agent string) (cib.AgentInfo, error)
}

// Agents runs fence agents through lrm: an executable of that name in one
// of Dirs (a fence-agents agent or an installed fence_exec_* link) as an
// external process with its own process group, else the agent of that name
// in Registry, in this process.
type Agents struct {
	// Dirs are searched in order for external agents; empty means none.
	Dirs []string
	// Registry holds the in-process agents; nil means none.
	Registry *agents.Registry
	// Hostname is the local node's name, for the agents' self-fencing rule.
	Hostname string
}

// ErrNoAgent reports an agent found neither in Dirs nor in the registry.
var ErrNoAgent = errors.New("fence agent not found")

// Run implements Runner.
func (a *Agents) Run(ctx context.Context, agent, action string, params map[string]string, timeout time.Duration) RunResult {
	cmd, err := lrm.FenceCommand("/"+agent, action, params, timeout)
	if err != nil {
		return RunResult{Err: err}
	}
	if path, ok := a.external(agent); ok {
		cmd.Path = path
		return runExternal(ctx, cmd)
	}
	if a.Registry != nil {
		if ag, _, ok := a.Registry.Lookup(agent); ok {
			return a.runInProcess(ctx, ag, agent, cmd.Stdin, timeout)
		}
	}
	return RunResult{Err: fmt.Errorf("%s: %w", agent, ErrNoAgent)}
}

func (a *Agents) external(agent string) (string, bool) {
	if agent == "" || strings.ContainsAny(agent, "/\x00") || strings.HasPrefix(agent, ".") {
		return "", false
	}
	for _, dir := range a.Dirs {
		p := filepath.Join(dir, agent)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

func runExternal(ctx context.Context, cmd lrm.Command) RunResult {
	res, err := lrm.Run(ctx, cmd)
	if err != nil {
		return RunResult{Err: err}
	}
	out := RunResult{Code: res.ExitCode, Stdout: string(res.Stdout), Stderr: string(res.Stderr), Duration: res.Duration,
		TimedOut: res.Status == lrm.StatusTimedOut}
	if res.Status != lrm.StatusExited {
		out.Err = res.Err()
	}
	return out
}

func (a *Agents) runInProcess(ctx context.Context, ag agents.Agent, name string, stdin []byte, timeout time.Duration) RunResult {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var stdout, stderr bytes.Buffer
	start := time.Now()
	err := agents.Execute(ctx, ag, agents.Invocation{Name: name, Stdin: bytes.NewReader(stdin),
		Stdout: &stdout, Stderr: &stderr, Hostname: a.Hostname})
	res := RunResult{Code: ocf.CodeOf(err), Stdout: stdout.String(), Stderr: stderr.String(), Duration: time.Since(start)}
	if ctx.Err() != nil {
		res.Err = fmt.Errorf("%s: did not complete within %v: %w", name, timeout, ctx.Err())
		res.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
	}
	return res
}

// Info implements Runner: the in-process agent's metadata, or the
// external agent's metadata action, read by cib.ParseAgentMetadata.
func (a *Agents) Info(ctx context.Context, agent string) (cib.AgentInfo, error) {
	if a.Registry != nil {
		if ag, _, ok := a.Registry.Lookup(agent); ok {
			if _, ext := a.external(agent); !ext {
				var b bytes.Buffer
				if err := ag.Metadata(agent).WriteXML(&b); err != nil {
					return cib.AgentInfo{}, fmt.Errorf("%s: metadata: %w", agent, err)
				}
				return cib.ParseAgentMetadata(b.Bytes())
			}
		}
	}
	res := a.Run(ctx, agent, "metadata", nil, metadataTimeout)
	if res.Err != nil {
		return cib.AgentInfo{}, res.Err
	}
	if res.Code != 0 {
		return cib.AgentInfo{}, fmt.Errorf("%s: metadata: exit status %d", agent, res.Code)
	}
	info, err := cib.ParseAgentMetadata([]byte(res.Stdout))
	if err != nil {
		return cib.AgentInfo{}, fmt.Errorf("%s: %w", agent, err)
	}
	return info, nil
}

// metadataTimeout bounds the metadata action, as the fencer does.
const metadataTimeout = 10 * time.Second
