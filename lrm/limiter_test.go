package lrm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestActionLimit(t *testing.T) {
	// Pacemaker: default 1, -1 unlimited, 0 or invalid -> 1.
	cases := map[string]int{"": 1, "1": 1, "2": 2, " 3 ": 3, "-1": Unlimited, "0": 1, "-2": 1, "x": 1, "1.5": 1}
	for in, want := range cases {
		if got := ActionLimit(in); got != want {
			t.Errorf("ActionLimit(%q) = %d, want %d", in, got, want)
		}
	}
}

// runConcurrently starts n actions on one key under limit, each holding its
// slot for hold, and returns the highest number seen running at once.
func runConcurrently(t *testing.T, l *Limiter, n, limit int, hold time.Duration) int {
	t.Helper()
	var cur, peak atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			release, err := l.Acquire(context.Background(), "dev", limit)
			if err != nil {
				t.Error(err)
				return
			}
			c := cur.Add(1)
			for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
			}
			time.Sleep(hold)
			cur.Add(-1)
			release()
		})
	}
	wg.Wait()
	return int(peak.Load())
}

func TestLimiterBounds(t *testing.T) {
	var l Limiter
	for _, limit := range []int{1, 3} {
		if peak := runConcurrently(t, &l, 12, limit, 10*time.Millisecond); peak != limit {
			t.Errorf("limit %d: peak %d actions at once", limit, peak)
		}
	}
	if peak := runConcurrently(t, &l, 12, Unlimited, 50*time.Millisecond); peak < 2 {
		t.Errorf("unlimited: peak %d actions at once", peak)
	}
	if n := l.Running("dev"); n != 0 || len(l.keys) != 0 {
		t.Errorf("after all released: %d running, %d keys kept", n, len(l.keys))
	}
}

func TestLimiterFIFOAndKeys(t *testing.T) {
	var l Limiter
	release, _ := l.Acquire(context.Background(), "a", 1)
	other, err := l.Acquire(context.Background(), "b", 1) // another device is independent
	if err != nil {
		t.Fatal(err)
	}
	other()
	var order []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			r, err := l.Acquire(context.Background(), "a", 1)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			r()
		})
		for queued(&l, "a") != i+1 { // enqueue in a known order
			time.Sleep(time.Millisecond)
		}
	}
	release()
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("served in order %v, want arrival order", order)
		}
	}
}

func queued(l *Limiter, key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ks := l.keys[key]; ks != nil {
		return len(ks.queue)
	}
	return 0
}

func TestLimiterCancelWhileQueued(t *testing.T) {
	var l Limiter
	release, _ := l.Acquire(context.Background(), "dev", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if r, err := l.Acquire(ctx, "dev", 1); !errors.Is(err, context.DeadlineExceeded) || r != nil {
		t.Fatalf("Acquire on a busy device with a short deadline: %v", err)
	}
	if q := queued(&l, "dev"); q != 0 {
		t.Errorf("canceled waiter left in queue (%d queued)", q)
	}
	release()
	release() // a second call is harmless
	r, err := l.Acquire(context.Background(), "dev", 1)
	if err != nil {
		t.Fatal(err)
	}
	r()
	if l.Running("dev") != 0 {
		t.Errorf("slot leaked: %d running", l.Running("dev"))
	}
}

// TestLimiterSerializesAgents runs 20 real agents concurrently through one
// single-session device: their own records of when they ran must never
// overlap, and all must complete.
func TestLimiterSerializesAgents(t *testing.T) {
	var l Limiter
	log := filepath.Join(t.TempDir(), "device.log")
	c, marker := agentCommand(t, "log-interval")
	c.Env = append(c.Env, logEnv+"="+log)
	c.Timeout = 30 * time.Second
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			release, err := l.Acquire(context.Background(), "ipmi-node2", ActionLimit("1"))
			if err != nil {
				t.Error(err)
				return
			}
			defer release()
			if res, err := Run(context.Background(), c); err != nil || !res.Success() {
				t.Errorf("agent: %v %v", err, res.Err())
			}
		})
	}
	wg.Wait()
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(data))
	if len(lines) != 80 {
		t.Fatalf("log has %d fields, want 20 start/end pairs", len(lines))
	}
	for i := 0; i < len(lines); i += 4 { // start, t, end, t: strictly alternating
		if lines[i] != "start" || lines[i+2] != "end" {
			t.Fatalf("runs overlapped at record %d: %v", i/4, lines[max(0, i-4):min(len(lines), i+8)])
		}
	}
	assertNoSurvivors(t, marker)
}
