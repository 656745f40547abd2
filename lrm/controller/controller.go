package controller

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
	"github.com/executioner-ha/executioner/lrm/fencer"
	"github.com/executioner-ha/executioner/pengine"
)

// Defaults of Config's zero fields.
const (
	DefaultPoll        = time.Second
	DefaultRetryBase   = time.Second
	DefaultRetryMax    = time.Minute
	DefaultMaxAttempts = 10
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
	// OnEvent, if set, is called for every event, from the controller's
	// goroutines, one call at a time. It must not block.
	OnEvent func(Event)
	// Now is the clock (time.Now when nil), for failure expiry.
	Now func() time.Time
}

// Controller is the fencing daemon. Run it with Run; its other methods may
// be called concurrently while it runs.
type Controller struct {
	cfg    Config
	fencer *fencer.Fencer
	devs   *devices

	evMu sync.Mutex
	kick chan struct{}
	done chan result
	wg   sync.WaitGroup

	mu      sync.Mutex
	data    []byte // the CIB content the plan was made from
	model   *cib.Model
	plan    *pengine.Result
	targets map[string]*targetState
	unsaved map[string]bool // fenced targets whose CIB update failed
	planErr string
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
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := fencer.NewExecutor(cfg.Runner)
	c := &Controller{cfg: cfg, fencer: fencer.New(cfg.History, e, cfg.Node),
		kick: make(chan struct{}, 1), done: make(chan result, 16), targets: map[string]*targetState{},
		unsaved: map[string]bool{}}
	c.devs = newDevices(e, cfg.Node, c.emit)
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
		e.Time = time.Now()
	}
	c.evMu.Lock()
	defer c.evMu.Unlock()
	c.cfg.OnEvent(e)
}

// Run runs the loop until ctx ends, then cancels the requests in flight
// (they stay pending in the history) and waits for them.
func (c *Controller) Run(ctx context.Context) error {
	closed, err := c.fencer.Close("interrupted: the daemon stopped before the outcome was known")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	for _, r := range closed {
		c.emit(Event{Kind: EventError, Target: r.Target, Action: r.Action,
			Detail: fmt.Sprintf("request %s was interrupted by a restart: it counts as failed", r.ID)})
	}
	defer c.devs.close()
	runCtx, cancel := context.WithCancel(ctx)
	defer func() { cancel(); c.wg.Wait() }()
	t := time.NewTicker(c.cfg.Poll)
	defer t.Stop()
	c.step(runCtx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case r := <-c.done:
			c.finish(r)
		case <-t.C:
		case <-c.kick:
		}
		c.step(runCtx)
	}
}

// wake makes the loop run a step soon.
func (c *Controller) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// step reloads the CIB when it changed and starts the actions that may
// run.
func (c *Controller) step(ctx context.Context) {
	c.saveUnsaved()
	if err := c.reload(ctx); err != nil {
		c.mu.Lock()
		report := err.Error() != c.planErr
		c.planErr = err.Error()
		c.mu.Unlock()
		if report {
			c.emit(Event{Kind: EventError, Detail: err.Error()})
		}
	}
	c.schedule(ctx)
}

// reload reads the CIB; when it changed, it syncs the devices and plans.
func (c *Controller) reload(ctx context.Context) error {
	// Read as every command reads it: a regular file only, bounded.
	data, err := cibstore.File{Path: c.cfg.CIB}.ReadBytes(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	same := string(data) == string(c.data)
	c.mu.Unlock()
	if same {
		return nil
	}
	doc, err := cib.Parse(data)
	if err != nil {
		// keep the last good plan; report this content once
		c.mu.Lock()
		c.data = data
		c.mu.Unlock()
		return fmt.Errorf("%s: %w", c.cfg.CIB, err)
	}
	m := doc.Model()
	timeout := stonithTimeout(m)
	c.devs.retryFailed()
	started := c.devs.sync(ctx, m, timeout)
	c.fencer.SetConfig(fencer.Config{Model: m, Devices: started, Timeout: timeout})
	plan, err := pengine.PlanAt(m, c.cfg.Now())
	c.mu.Lock()
	c.data, c.model = data, m
	if err != nil {
		c.plan = nil
		c.mu.Unlock()
		return fmt.Errorf("plan %s: %w", c.cfg.CIB, err)
	}
	c.plan, c.planErr = plan, ""
	c.mu.Unlock()
	c.emit(Event{Kind: EventPlan, Detail: plan.String()})
	return nil
}
