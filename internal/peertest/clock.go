package peertest

import (
	"sort"
	"sync"
	"time"
)

// Clock is a clock a test drives (it satisfies lrm.Clock): time moves only
// when the test calls Advance, or, for an instant clock, whenever code
// waits (After returns at once, the time moved on by the wait). Tests
// synchronise with the code under test through BlockUntil, never by
// sleeping.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	instant bool
	waiters []clockWaiter
	changed *sync.Cond
}

type clockWaiter struct {
	at time.Time
	ch chan time.Time
}

// NewClock returns a clock at start that moves only with Advance.
func NewClock(start time.Time) *Clock {
	c := &Clock{now: start}
	c.changed = sync.NewCond(&c.mu)
	return c
}

// NewInstantClock returns a clock at start on which every wait ends at
// once, moving the time on by its length.
func NewInstantClock(start time.Time) *Clock {
	c := NewClock(start)
	c.instant = true
	return c
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the time once the clock has
// advanced by d.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if c.instant && d > 0 {
		c.now = c.now.Add(d)
	}
	if d <= 0 || c.instant {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, clockWaiter{at: c.now.Add(d), ch: ch})
	c.changed.Broadcast()
	return ch
}

// Advance moves the clock on by d and fires the waits that are due, in
// the order they fall due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	sort.SliceStable(c.waiters, func(i, j int) bool { return c.waiters[i].at.Before(c.waiters[j].at) })
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
	c.changed.Broadcast()
}

// Waiters returns how many waits are pending.
func (c *Clock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// BlockUntil returns once at least n waits are pending.
func (c *Clock) BlockUntil(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.waiters) < n {
		c.changed.Wait()
	}
}
