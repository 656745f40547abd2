package controller

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
	"github.com/executioner-ha/executioner/lrm"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/lrm/group"
	"github.com/executioner-ha/executioner/pengine"
)

// Defaults of Config's zero fields.
const (
	DefaultPoll      = time.Second
	DefaultRetryBase = time.Second
	DefaultRetryMax  = time.Minute
)

// Config configures a Controller.
type Config struct {
	// CIB is the path of the CIB file to watch and update.
	CIB string
	// Node is this node's name (uname in the CIB).
	Node string
	// History records the fencing requests; the controller does not close
	// it.
	History *fencer.History
	// Runner runs the fence agents.
	Runner fencer.Runner
	// Poll is how often the CIB file is checked for changes.
	Poll time.Duration
	// RetryBase and RetryMax bound the backoff between attempts at a failed
	// action: RetryBase doubled after each failure, at most RetryMax.
	RetryBase, RetryMax time.Duration
	// OnEvent, if set, is called for every event, one call at a time. It
	// must not block or call the controller.
	OnEvent func(Event)
	// Clock is the time source of the loop, the backoff, the fencer's
	// delays and retries and the plan's failure expiry (lrm.SystemClock
	// when nil).
	Clock lrm.Clock
	// Cluster, if set, tells what the daemons of a cluster agree on (a
	// daemon with membership from corosync); Status reports it.
	Cluster func() *group.Status
	// Forward, if set, carries out the API requests that fence or confirm
	// (OpFence, OpConfirm, OpDone) in this controller's stead (a daemon in
	// a cluster hands them to the node that acts); its request and error
	// are the reply.
	Forward func(ctx context.Context, req APIRequest) (fencer.Request, error)
}

// Controller is the fencing daemon. Run runs it; Step and Do are the
// loop's two halves, for tests that drive it one snapshot at a time. Its
// other methods may be called concurrently while it runs.
type Controller struct {
	cfg    Config
	exec   *fencer.Executor
	fencer *fencer.Fencer
	devs   *devices

	evMu     sync.Mutex
	kick     chan struct{}
	outcomes chan Outcome

	mu       sync.Mutex
	data     []byte // the CIB content the plan was made from
	model    *cib.Model
	agents   map[string]cib.AgentInfo
	plan     *pengine.Result
	planned  time.Time // when plan was made (its failure-expiry time)
	planErr  string
	targets  map[string]*targetState
	unsaved  map[string]cib.FenceAction // done, not yet recorded in the CIB
	writing  map[string]bool            // a record of it is being written
	flights  map[flightKey]*flight      // API fencing requests in flight, which identical ones join
	injected []Outcome                  // outcomes of API requests, for the next step
	finished chan struct{}              // closed (and replaced) whenever a request ends
}

// New returns a controller for cfg.
func New(cfg Config) (*Controller, error) {
	switch {
	case cfg.CIB == "":
		return nil, errors.New("controller: no CIB file")
	case cfg.Node == "":
		return nil, errors.New("controller: no node name")
	case cfg.History == nil || cfg.Runner == nil:
		return nil, errors.New("controller: no history or agent runner")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = DefaultRetryBase
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = DefaultRetryMax
	}
	if cfg.Clock == nil {
		cfg.Clock = lrm.SystemClock{}
	}
	e := fencer.NewExecutor(cfg.Runner, cfg.Clock)
	c := &Controller{cfg: cfg, exec: e, fencer: fencer.New(cfg.History, e, cfg.Node),
		kick: make(chan struct{}, 1), outcomes: make(chan Outcome, 16), targets: map[string]*targetState{},
		unsaved: map[string]cib.FenceAction{}, writing: map[string]bool{}, flights: map[flightKey]*flight{}, finished: make(chan struct{})}
	c.devs = newDevices(e, cfg.Node, cfg.Clock, c.emit)
	c.fencer.OnEvent(func(fe fencer.Event) {
		c.emit(Event{Kind: EventFence, Target: fe.Target, Action: fe.Action, Detail: fe.Detail, Fence: &fe})
	})
	return c, nil
}

// Fencer returns the controller's fencer.
func (c *Controller) Fencer() *fencer.Fencer { return c.fencer }

func (c *Controller) emit(e Event) {
	if c.cfg.OnEvent == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = c.cfg.Clock.Now()
	}
	c.evMu.Lock()
	defer c.evMu.Unlock()
	c.cfg.OnEvent(e)
}

// Start closes the requests a previous run left pending (their outcome is
// unknown, so they count as failed). Run calls it; tests driving Step call
// it first.
func (c *Controller) Start() error {
	closed, err := c.fencer.Close("interrupted: the daemon stopped before the outcome was known")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	for _, r := range closed {
		c.emit(Event{Kind: EventError, Target: r.Target, Action: r.Action,
			Detail: fmt.Sprintf("request %s was interrupted by a restart: it counts as failed", r.ID)})
	}
	return nil
}

// Run runs the loop until ctx ends, then cancels the requests in flight
// (they stay pending in the history) and waits for them.
func (c *Controller) Run(ctx context.Context) error {
	if err := c.Start(); err != nil {
		return err
	}
	defer c.devs.close()
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	var outcomes []Outcome
	for {
		snap := c.Snapshot(ctx, outcomes)
		outcomes = nil
		for _, a := range c.Step(snap) {
			if a.Kind != ActFence {
				outcomes = append(outcomes, c.Do(runCtx, a))
				continue
			}
			fctx, stop := context.WithCancelCause(runCtx)
			c.setCancel(a.Target, a.RequestID, stop)
			wg.Go(func() {
				defer stop(nil)
				o := c.Do(fctx, a)
				select {
				case c.outcomes <- o:
				case <-runCtx.Done(): // stopping; the history keeps the outcome
				}
			})
		}
		if len(outcomes) > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case o := <-c.outcomes:
			outcomes = append(outcomes, o)
		case <-c.cfg.Clock.After(c.cfg.Poll):
		case <-c.kick:
		}
	}
}

// Snapshot reads what the next step looks at: the clock, the CIB file
// (bounded, a regular file only) and, for the CIB's agents, their
// metadata; outcomes are handed on.
func (c *Controller) Snapshot(ctx context.Context, outcomes []Outcome) Snapshot {
	s := Snapshot{Now: c.cfg.Clock.Now(), Outcomes: outcomes}
	// Read as every command reads it: a regular file only, bounded.
	data, err := cibstore.File{Path: c.cfg.CIB}.ReadBytes(ctx)
	if err != nil {
		s.ReadErr = err
		return s
	}
	s.CIB = data
	c.mu.Lock()
	same := string(data) == string(c.data)
	agents := c.agents
	c.mu.Unlock()
	if same {
		s.Agents = agents
		return s
	}
	if doc, err := cib.Parse(data); err == nil {
		s.Agents, s.AgentErrs = c.exec.Infos(ctx, doc.Model())
	}
	return s
}

// wake makes the loop run a step soon.
func (c *Controller) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// inject hands an outcome obtained outside the loop (an API request) to
// the next step.
func (c *Controller) inject(o Outcome) {
	c.mu.Lock()
	c.injected = append(c.injected, o)
	c.mu.Unlock()
	c.wake()
}
