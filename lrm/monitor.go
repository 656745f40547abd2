package lrm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrMonitorExists is returned by Monitors.Start for a key already
// monitored.
var ErrMonitorExists = errors.New("monitor already scheduled")

// Probe runs one monitor operation. It must return when ctx ends.
type Probe func(ctx context.Context) (*Result, error)

// MonitorResult is one completed run of a recurring monitor.
type MonitorResult struct {
	// Key is the monitor's key given to Start.
	Key string
	// Seq counts the runs of this monitor, from 1.
	Seq int
	// Result and Err are what the probe returned.
	Result *Result
	Err    error
}

// Monitors runs recurring monitors: each runs its probe at once, then again
// interval after the previous run ended, so runs of one monitor never
// overlap. Results go to the callback given to Start, called from the
// monitor's own goroutine, one call at a time per monitor. The zero value
// is ready to use, on the system clock.
type Monitors struct {
	// Clock times the intervals (SystemClock when nil); set it before the
	// first Start.
	Clock Clock

	mu      sync.Mutex
	running map[string]*monitor
}

// monitor is one scheduled recurring probe.
type monitor struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// Start schedules probe under key every interval until Stop, StopAll or the
// end of ctx. deliver receives every result; it runs on the monitor's
// goroutine, so it must not call Stop for its own key (Stop waits for that
// goroutine) but may hand that to another goroutine.
func (m *Monitors) Start(ctx context.Context, key string, interval time.Duration, probe Probe, deliver func(MonitorResult)) error {
	return m.start(ctx, key, interval, true, probe, deliver)
}

// StartAfter is Start with the first run one interval from now (the
// caller has just probed).
func (m *Monitors) StartAfter(ctx context.Context, key string, interval time.Duration, probe Probe, deliver func(MonitorResult)) error {
	return m.start(ctx, key, interval, false, probe, deliver)
}

func (m *Monitors) start(ctx context.Context, key string, interval time.Duration, now bool, probe Probe, deliver func(MonitorResult)) error {
	if interval <= 0 {
		return fmt.Errorf("monitor %s: interval %s: not positive", key, interval)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.running == nil {
		m.running = make(map[string]*monitor)
	}
	if _, ok := m.running[key]; ok {
		return fmt.Errorf("monitor %s: %w", key, ErrMonitorExists)
	}
	ctx, cancel := context.WithCancel(ctx)
	mon := &monitor{cancel: cancel, done: make(chan struct{})}
	m.running[key] = mon
	clock := m.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	go func() {
		mon.loop(ctx, clock, key, interval, now, probe, deliver)
		m.forget(key, mon)
	}()
	return nil
}

// Stop cancels the monitor under key, including a probe in flight, and
// returns once it has ended: deliver is not called after Stop returns. It
// reports whether such a monitor was scheduled.
func (m *Monitors) Stop(key string) bool {
	m.mu.Lock()
	mon, ok := m.running[key]
	delete(m.running, key)
	m.mu.Unlock()
	if !ok {
		return false
	}
	mon.cancel()
	<-mon.done
	return true
}

// StopAll stops every monitor and waits for them to end.
func (m *Monitors) StopAll() {
	m.mu.Lock()
	all := m.running
	m.running = nil
	m.mu.Unlock()
	for _, mon := range all {
		mon.cancel()
	}
	for _, mon := range all {
		<-mon.done
	}
}

// forget removes mon, ended by its context, unless it was already removed.
func (m *Monitors) forget(key string, mon *monitor) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.running[key] == mon {
		delete(m.running, key)
		mon.cancel()
	}
}

// Keys returns the keys of the scheduled monitors.
func (m *Monitors) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.running))
	for k := range m.running {
		keys = append(keys, k)
	}
	return keys
}

// loop runs the probe until ctx ends. A result obtained after ctx ended
// (the probe was cut short by the stop) is not delivered.
func (mon *monitor) loop(ctx context.Context, clock Clock, key string, interval time.Duration, now bool, probe Probe, deliver func(MonitorResult)) {
	defer close(mon.done)
	for seq := 1; ; seq++ {
		if (seq > 1 || !now) && Sleep(ctx, clock, interval) != nil {
			return
		}
		if ctx.Err() != nil {
			return
		}
		res, err := probe(ctx)
		if ctx.Err() != nil {
			return
		}
		deliver(MonitorResult{Key: key, Seq: seq, Result: res, Err: err})
	}
}
