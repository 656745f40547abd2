package lrm

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// script is a Try that answers from a list of outcomes, taking took of the
// clock per attempt, and records the timeouts it was given.
type script struct {
	clock    *peertest.Clock
	took     time.Duration
	outcomes []string // "ok", "fail", "timeout"
	timeouts []time.Duration
}

func (s *script) try(ctx context.Context, timeout time.Duration) (bool, bool) {
	s.timeouts = append(s.timeouts, timeout)
	<-s.clock.After(s.took)
	o := s.outcomes[min(len(s.timeouts), len(s.outcomes))-1]
	return o == "ok", o == "timeout"
}

func TestRetry(t *testing.T) {
	start := time.Unix(1000, 0)
	cases := []struct {
		name     string
		attempts int
		timeout  time.Duration
		took     time.Duration
		outcomes []string
		want     int
		ok       bool
	}{
		{"always failing", 3, 30 * time.Second, 0, []string{"fail"}, 3, false},
		{"failing once", 5, 30 * time.Second, 0, []string{"fail", "ok"}, 2, true},
		{"one attempt", 1, 30 * time.Second, 0, []string{"fail", "ok"}, 1, false},
		{"timeout not retried", 3, 30 * time.Second, 0, []string{"timeout", "ok"}, 1, false},
		{"late failure", 3, 10 * time.Second, 7 * time.Second, []string{"fail", "ok"}, 1, false},
		{"early enough", 3, 10 * time.Second, 5 * time.Second, []string{"fail", "ok"}, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clk := peertest.NewInstantClock(start)
			s := &script{clock: clk, took: c.took, outcomes: c.outcomes}
			n, ok, err := Retry(context.Background(), clk, c.attempts, c.timeout, s.try)
			if err != nil || n != c.want || ok != c.ok {
				t.Fatalf("Retry = %d, %v, %v; want %d, %v", n, ok, err, c.want, c.ok)
			}
			// a further attempt gets what is left of the timeout when the
			// previous one ended
			for i := 1; i < len(s.timeouts); i++ {
				elapsed := time.Duration(i)*c.took + time.Duration(i-1)*RetryPause
				if s.timeouts[i] != c.timeout-elapsed {
					t.Errorf("attempt %d: timeout %v, want %v", i+1, s.timeouts[i], c.timeout-elapsed)
				}
			}
			if got := clk.Now().Sub(start); got != time.Duration(n)*c.took+time.Duration(n-1)*RetryPause {
				t.Errorf("took %v of the clock", got)
			}
		})
	}
}

// TestRetryCanceledDuringPause: the pause waits on the clock and ends with
// the context.
func TestRetryCanceledDuringPause(t *testing.T) {
	clk := peertest.NewClock(time.Unix(1000, 0))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	tries := 0
	go func() {
		_, _, err := Retry(ctx, clk, 3, 0, func(context.Context, time.Duration) (bool, bool) {
			tries++
			return false, false
		})
		done <- err
	}()
	clk.BlockUntil(1) // in the pause after the first attempt
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) || tries != 1 {
		t.Fatalf("Retry = %v after %d attempts; want the context's error after 1", err, tries)
	}
}
