package fencer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/pengine"
)

// listCacheTime is how long a dynamic list stays valid (fixed at 60 s in
// Pacemaker's fencer; there is no parameter for it).
const listCacheTime = 60 * time.Second

// Executor runs the agent calls a plan gives, one device at a time as its
// action limit allows, with the call's attempts, and keeps what devices
// told about themselves: agent metadata, dynamic lists, and the devices
// whose list never worked (checked by status from then on). Its methods
// are safe for concurrent use.
type Executor struct {
	runner  Runner
	clock   lrm.Clock
	limiter lrm.Limiter

	mu         sync.Mutex
	infos      map[string]cib.AgentInfo // by agent
	lists      map[string]cachedList    // by device id
	statusOnly map[string]bool          // by device id
}

type cachedList struct {
	targets []string
	at      time.Time
}

// NewExecutor returns an Executor running agents through r, timing with
// c (lrm.SystemClock when nil).
func NewExecutor(r Runner, c lrm.Clock) *Executor {
	if c == nil {
		c = lrm.SystemClock{}
	}
	return &Executor{runner: r, clock: c, infos: map[string]cib.AgentInfo{}, lists: map[string]cachedList{},
		statusOnly: map[string]bool{}}
}

// Info returns what agent's metadata says, reading it the first time (the
// fencer keeps it for its lifetime too).
func (e *Executor) Info(ctx context.Context, agent string) (cib.AgentInfo, error) {
	e.mu.Lock()
	info, ok := e.infos[agent]
	e.mu.Unlock()
	if ok {
		return info, nil
	}
	info, err := e.runner.Info(ctx, agent)
	if err != nil {
		return cib.AgentInfo{}, err
	}
	e.mu.Lock()
	e.infos[agent] = info
	e.mu.Unlock()
	return info, nil
}

// Infos returns the metadata of the fence agents of m's stonith devices,
// for planning; an agent whose metadata cannot be read is left out (the
// plan then treats it as Pacemaker's fencer does), and its error returned
// in errs.
func (e *Executor) Infos(ctx context.Context, m *cib.Model) (infos map[string]cib.AgentInfo, errs []error) {
	infos = map[string]cib.AgentInfo{}
	for _, d := range m.FenceDevices() {
		if _, done := infos[d.Agent]; done {
			continue
		}
		info, err := e.Info(ctx, d.Agent)
		if err != nil {
			errs = append(errs, fmt.Errorf("device %s: %w", d.ID, err))
			continue
		}
		infos[d.Agent] = info
	}
	return infos, errs
}

// Call makes call on device (agent, action limit) with the call's
// attempts, holding the device throughout (as the fencer keeps a command
// active on its device across retries), and returns the last attempt's
// result and how many attempts were made.
func (e *Executor) Call(ctx context.Context, device, agent string, limit int, call pengine.AgentCall) (RunResult, int) {
	release, err := e.limiter.Acquire(ctx, device, limit)
	if err != nil {
		return RunResult{Err: fmt.Errorf("device %s: waiting for its action limit: %w", device, err)}, 0
	}
	defer release()
	return e.call(ctx, agent, call)
}

// call is Call once the device is held.
func (e *Executor) call(ctx context.Context, agent string, call pengine.AgentCall) (RunResult, int) {
	var res RunResult
	tries, _, err := lrm.Retry(ctx, e.clock, call.Attempts, call.Timeout.Std(), func(ctx context.Context, timeout time.Duration) (bool, bool) {
		res = e.runner.Run(ctx, agent, call.Verb, call.Params, timeout)
		return res.Err == nil && res.Code == 0, res.TimedOut
	})
	if err != nil && res.Err == nil {
		res.Err = err
	}
	return res, tries
}

// Fence carries out op and returns the attempt: its outcome, a one-line
// detail of a failure, how many times the agent was called, and when the
// device was free and when it was released. A failure of the agent to run
// or finish is an internal failure; a failure the agent reported is
// classified by the device's monitor, run right after under the same hold
// of the device: a device that does not answer it was unreachable, one
// that does did not acknowledge.
func (e *Executor) Fence(ctx context.Context, op pengine.Op, level int, target string) Attempt {
	a := Attempt{Device: op.Device, Level: level, Action: op.Action, Verb: op.Call.Verb}
	release, err := e.limiter.Acquire(ctx, op.Device, op.ActionLimit)
	a.Started = e.clock.Now()
	if err != nil {
		a.Outcome, a.Detail, a.Finished = OutcomeInternal, fmt.Sprintf("waiting for the device: %v", err), e.clock.Now()
		return a
	}
	defer release()
	res, tries := e.call(ctx, op.Agent, op.Call)
	a.Tries = tries
	switch {
	case res.Err != nil:
		a.Outcome, a.Detail = OutcomeInternal, res.Err.Error()
	case res.Code == 0:
		a.Outcome = OutcomeSuccess
	case ctx.Err() != nil:
		a.Outcome, a.Detail = OutcomeInternal, fmt.Sprintf("%s %s: exit status %d: %s", op.Call.Verb, target, res.Code, lastLine(res.Stderr))
	default:
		a.Detail = fmt.Sprintf("%s %s: exit status %d: %s", op.Call.Verb, target, res.Code, lastLine(res.Stderr))
		mon := op.Monitor
		mon.Attempts = 1
		if m, _ := e.call(ctx, op.Agent, mon); m.Err != nil || m.Code != 0 {
			a.Outcome = OutcomeUnreachable
		} else {
			a.Outcome = OutcomeNoAck
		}
	}
	a.Finished = e.clock.Now()
	return a
}

// Admits carries out op's check: whether the device can fence target,
// and why not. Static lists and none are answered by the plan; a dynamic
// list is run at most once a minute per device, an older list being kept
// when it fails, and when it never worked and pcmk_host_check was left to
// its default the device is checked by status from then on; a status
// check admits the target when the agent answers 0 (on) or 2 (off).
func (e *Executor) Admits(ctx context.Context, op pengine.Op) (bool, string) {
	c := op.Check
	if c.Known {
		if c.Admits {
			return true, ""
		}
		return false, fmt.Sprintf("pcmk_host_check=%s does not admit the target", c.Mode)
	}
	e.mu.Lock()
	statusOnly := e.statusOnly[op.Device]
	e.mu.Unlock()
	if c.List != nil && !statusOnly {
		list, err := e.list(ctx, op)
		if err == nil {
			for _, name := range c.Names {
				if containsFold(list, name) {
					return true, ""
				}
			}
			return false, "not in the device's list"
		}
		if c.Status == nil {
			return false, fmt.Sprintf("list: %v", err)
		}
		e.mu.Lock()
		e.statusOnly[op.Device] = true
		e.mu.Unlock()
		return false, fmt.Sprintf("list: %v (status decides from now on)", err)
	}
	if c.Status == nil {
		return false, "no way to check the target"
	}
	res, _ := e.Call(ctx, op.Device, op.Agent, op.ActionLimit, *c.Status)
	if res.Err == nil && (res.Code == 0 || res.Code == 2) {
		return true, ""
	}
	return false, "status does not know the target"
}

// ByStatus reports whether op's device is checked by asking its status
// (pcmk_host_check=status, or a dynamic list that never worked).
func (e *Executor) ByStatus(op pengine.Op) bool {
	if op.Check.Known {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return op.Check.List == nil || e.statusOnly[op.Device]
}

// list returns the device's dynamic list: the cached one when younger
// than a minute, else the list action's, the older list if that fails.
func (e *Executor) list(ctx context.Context, op pengine.Op) ([]string, error) {
	e.mu.Lock()
	cl, ok := e.lists[op.Device]
	e.mu.Unlock()
	if ok && e.clock.Now().Sub(cl.at) < listCacheTime {
		return cl.targets, nil
	}
	res, _ := e.Call(ctx, op.Device, op.Agent, op.ActionLimit, *op.Check.List)
	if res.Err != nil || res.Code != 0 {
		if ok {
			return cl.targets, nil
		}
		if res.Err != nil {
			return nil, res.Err
		}
		return nil, fmt.Errorf("exit status %d: %s", res.Code, lastLine(res.Stderr))
	}
	targets := cib.ParseTargets(res.Stdout)
	if len(targets) == 0 {
		return nil, nil // an empty list is asked again next time
	}
	e.mu.Lock()
	e.lists[op.Device] = cachedList{targets: targets, at: e.clock.Now()}
	e.mu.Unlock()
	return targets, nil
}

// Forget drops what is cached about device id (it was reconfigured or
// stopped).
func (e *Executor) Forget(id string) {
	e.mu.Lock()
	delete(e.lists, id)
	delete(e.statusOnly, id)
	e.mu.Unlock()
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
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
