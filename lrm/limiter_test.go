package lrm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// holdAll starts n actions on one key under limit, each keeping its slot
// until told to go, and returns how many hold a slot once all n have asked
// (the rest queue), releasing them all after.
func holdAll(t *testing.T, l *Limiter, n, limit int) int {
	t.Helper()
	var holding atomic.Int32
	var wg sync.WaitGroup
	var asked sync.WaitGroup
	asked.Add(n)
	release := make(chan struct{})
	for range n {
		wg.Go(func() {
			asked.Done()
			r, err := l.Acquire(context.Background(), "dev", limit)
			if err != nil {
				t.Error(err)
				return
			}
			holding.Add(1)
			<-release
			holding.Add(-1)
			r()
		})
	}
	asked.Wait()
	for l.Running("dev")+queued(l, "dev") < n { // every goroutine is in Acquire
		runtime.Gosched()
	}
	got := l.Running("dev")
	close(release)
	wg.Wait()
	return got
}

func TestLimiterBounds(t *testing.T) {
	var l Limiter
	for limit, want := range map[int]int{1: 1, 3: 3, 0: 1, Unlimited: 12, -5: 12} {
		if got := holdAll(t, &l, 12, limit); got != want {
			t.Errorf("limit %d: %d actions at once, want %d", limit, got, want)
		}
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
			runtime.Gosched()
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
			release, err := l.Acquire(context.Background(), "ipmi-node2", 1)
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
