package lrm

import (
	"context"
	"slices"
	"sync"
)

// Unlimited is the limit that lets a key run any number of actions at once
// (pcmk_action_limit=-1, see cib.FenceDevice.ActionLimit).
const Unlimited = -1

// Limiter bounds how many actions run at once per key (a fence device, or
// any resource with a single management session). Waiters are served in
// arrival order. The zero value is ready to use; a Limiter must not be
// copied after first use.
type Limiter struct {
	mu   sync.Mutex
	keys map[string]*keyState
}

// keyState is one key's running count and its queue of waiters.
type keyState struct {
	running int
	queue   []*waiter
}

// waiter is one Acquire blocked on a key.
type waiter struct {
	limit int
	ready chan struct{} // closed once the slot is granted
}

// Acquire waits until an action may run on key under limit (a negative
// limit is Unlimited, 0 counts as 1) and returns
// the function that ends it, which must be called exactly once. When ctx
// ends first, Acquire returns ctx's error and holds nothing.
func (l *Limiter) Acquire(ctx context.Context, key string, limit int) (release func(), err error) {
	switch {
	case limit < 0:
		limit = Unlimited
	case limit == 0:
		limit = 1
	}
	l.mu.Lock()
	if l.keys == nil {
		l.keys = make(map[string]*keyState)
	}
	ks := l.keys[key]
	if ks == nil {
		ks = &keyState{}
		l.keys[key] = ks
	}
	if len(ks.queue) == 0 && fits(ks.running, limit) {
		ks.running++
		l.mu.Unlock()
		return l.releaser(key), nil
	}
	w := &waiter{limit: limit, ready: make(chan struct{})}
	ks.queue = append(ks.queue, w)
	l.mu.Unlock()
	select {
	case <-w.ready:
		return l.releaser(key), nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-w.ready: // granted while giving up: hand the slot on
		ks.running--
	default:
		ks.queue = slices.DeleteFunc(ks.queue, func(x *waiter) bool { return x == w })
	}
	l.grant(key, ks)
	return nil, ctx.Err()
}

// Running returns how many actions currently hold key.
func (l *Limiter) Running(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ks := l.keys[key]; ks != nil {
		return ks.running
	}
	return 0
}

// releaser returns the release function of one granted slot.
func (l *Limiter) releaser(key string) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			ks := l.keys[key]
			ks.running--
			l.grant(key, ks)
		})
	}
}

// grant wakes the waiters at the head of the queue that now fit, and
// forgets an idle key. l.mu must be held.
func (l *Limiter) grant(key string, ks *keyState) {
	for len(ks.queue) > 0 && fits(ks.running, ks.queue[0].limit) {
		w := ks.queue[0]
		ks.queue = ks.queue[1:]
		ks.running++
		close(w.ready)
	}
	if ks.running == 0 && len(ks.queue) == 0 {
		delete(l.keys, key)
	}
}

func fits(running, limit int) bool {
	return limit == Unlimited || running < limit
}
