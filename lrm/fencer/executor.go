package fencer

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/lrm"
)

// listCacheTime is how long a dynamic list stays valid (fixed at 60 s in
// Pacemaker's fencer; there is no parameter for it).
const listCacheTime = 60 * time.Second

// Executor runs device actions one device at a time as pcmk_action_limit
// allows, classifies their outcome, and caches what the devices told about
// themselves (metadata, dynamic lists). Its methods are safe for concurrent
// use.
type Executor struct {
	runner  Runner
	limiter lrm.Limiter

	mu    sync.Mutex
	caps  map[string]Capabilities // by agent
	lists map[string]cachedList   // by device id
}

type cachedList struct {
	targets []string
	at      time.Time
}

// NewExecutor returns an Executor running agents through r.
func NewExecutor(r Runner) *Executor {
	return &Executor{runner: r, caps: map[string]Capabilities{}, lists: map[string]cachedList{}}
}

// Capabilities returns what d's agent advertises, reading its metadata the
// first time.
func (e *Executor) Capabilities(ctx context.Context, d *Device) (Capabilities, error) {
	e.mu.Lock()
	c, ok := e.caps[d.Agent]
	e.mu.Unlock()
	if ok {
		return c, nil
	}
	c, err := e.runner.Capabilities(ctx, d.Agent)
	if err != nil {
		return Capabilities{}, err
	}
	e.mu.Lock()
	e.caps[d.Agent] = c
	e.mu.Unlock()
	return c, nil
}

// Run runs action on d against target ("" for none) under the device's
// action limit, with the device's verb and timeout for action (def is the
// cluster's stonith-timeout).
func (e *Executor) Run(ctx context.Context, d *Device, action, target string, def time.Duration) RunResult {
	release, err := e.limiter.Acquire(ctx, d.ID, lrm.ActionLimit(d.ActionLimit()))
	if err != nil {
		return RunResult{Err: fmt.Errorf("device %s: waiting for its action limit: %w", d.ID, err)}
	}
	defer release()
	return e.runner.Run(ctx, d.Agent, d.AgentAction(action), d.AgentParams(target), d.Timeout(action, def))
}

// Fence runs a fencing action (off, on, reboot) on d against target and
// returns the attempt: its outcome, a one-line detail of a failure, and
// when the device was free and the agent started, and when the device was
// released. A failure of the agent to run or finish is an internal
// failure; a failure the agent reported is classified by the device's
// monitor action run right after, under the same hold of the device: a
// device that does not answer its monitor was unreachable, one that does
// answer did not acknowledge.
func (e *Executor) Fence(ctx context.Context, d *Device, action, target string, def time.Duration) Attempt {
	release, err := e.limiter.Acquire(ctx, d.ID, lrm.ActionLimit(d.ActionLimit()))
	a := Attempt{Device: d.ID, Action: action, Started: time.Now()}
	if err != nil {
		a.Outcome, a.Detail, a.Finished = OutcomeInternal, fmt.Sprintf("waiting for the device: %v", err), time.Now()
		return a
	}
	a.Outcome, a.Detail = e.fence(ctx, d, action, target, def)
	a.Finished = time.Now()
	release()
	return a
}

func (e *Executor) fence(ctx context.Context, d *Device, action, target string, def time.Duration) (Outcome, string) {
	res := e.runner.Run(ctx, d.Agent, d.AgentAction(action), d.AgentParams(target), d.Timeout(action, def))
	switch {
	case res.Err != nil:
		return OutcomeInternal, res.Err.Error()
	case res.Code == 0:
		return OutcomeSuccess, ""
	}
	detail := fmt.Sprintf("%s %s: exit status %d: %s", d.AgentAction(action), target, res.Code, lastLine(res.Stderr))
	if ctx.Err() != nil {
		return OutcomeInternal, detail
	}
	mon := e.runner.Run(ctx, d.Agent, d.AgentAction("monitor"), d.AgentParams(""), d.Timeout("monitor", def))
	if mon.Err != nil || mon.Code != 0 {
		return OutcomeUnreachable, detail
	}
	return OutcomeNoAck, detail
}

// CanFence reports whether d can fence target under its pcmk_host_check,
// and why not.
func (e *Executor) CanFence(ctx context.Context, d *Device, target string, def time.Duration) (bool, string) {
	c, err := e.Capabilities(ctx, d)
	if err != nil {
		return false, fmt.Sprintf("metadata: %v", err)
	}
	switch check := d.HostCheck(c.List, c.Status); check {
	case CheckNone:
		return true, ""
	case CheckStatic:
		if d.InStaticList(target) {
			return true, ""
		}
		return false, "not in pcmk_host_list or pcmk_host_map"
	case CheckDynamic:
		list, err := e.List(ctx, d, def)
		if err != nil && strings.TrimSpace(d.Params["pcmk_host_check"]) == "" && c.Status {
			return e.statusCheck(ctx, d, target, def) // as Pacemaker, when list never worked
		}
		if err != nil {
			return false, fmt.Sprintf("list: %v", err)
		}
		if d.inList(list, target) {
			return true, ""
		}
		return false, "not in the device's list"
	case CheckStatus:
		return e.statusCheck(ctx, d, target, def)
	default:
		return false, fmt.Sprintf("pcmk_host_check=%q is not a known check", check)
	}
}

// statusCheck asks the device for target's status: on (0) or off (2)
// means it can fence target.
func (e *Executor) statusCheck(ctx context.Context, d *Device, target string, def time.Duration) (bool, string) {
	res := e.Run(ctx, d, "status", target, def)
	if res.Err == nil && (res.Code == 0 || res.Code == 2) {
		return true, ""
	}
	return false, "status does not know it"
}

// List returns the targets the device's list action reports, cached for a
// minute; when the list fails, an older list is used if there is one.
func (e *Executor) List(ctx context.Context, d *Device, def time.Duration) ([]string, error) {
	e.mu.Lock()
	cl, ok := e.lists[d.ID]
	e.mu.Unlock()
	if ok && time.Since(cl.at) < listCacheTime {
		return cl.targets, nil
	}
	res := e.Run(ctx, d, "list", "", def)
	if res.Err != nil || res.Code != 0 {
		if ok {
			return cl.targets, nil
		}
		if res.Err != nil {
			return nil, res.Err
		}
		return nil, fmt.Errorf("exit status %d: %s", res.Code, lastLine(res.Stderr))
	}
	targets := ParseTargets(res.Stdout)
	e.mu.Lock()
	e.lists[d.ID] = cachedList{targets: targets, at: time.Now()}
	e.mu.Unlock()
	return targets, nil
}

// Forget drops what is cached about device id (it was reconfigured or
// stopped).
func (e *Executor) Forget(id string) {
	e.mu.Lock()
	delete(e.lists, id)
	e.mu.Unlock()
}

// lastLine picks the line of an agent's diagnostics that explains a
// failure: the last one speaking of a failure or an error, else the last
// non-empty one, trimmed to a reasonable length.
func lastLine(s string) string {
	var last, failed string
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		last = line
		if l := strings.ToLower(line); strings.Contains(l, "fail") || strings.Contains(l, "error") {
			failed = line
		}
	}
	if failed != "" {
		last = failed
	}
	if len(last) > 200 {
		last = last[:200] + "..."
	}
	if last == "" {
		return "no diagnostics"
	}
	return last
}
