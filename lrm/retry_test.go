package lrm

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestActionAttempts(t *testing.T) {
	// Pacemaker 2.1: unset -> 2 attempts; atoi otherwise, at least one.
	cases := map[string]int{"": DefaultAttempts, "1": 1, "5": 5, " 3 ": 3, "0": 1, "-4": 1, "x": 1}
	for in, want := range cases {
		if got := ActionAttempts(in); got != want {
			t.Errorf("ActionAttempts(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestRunRetried(t *testing.T) {
	defer goroutineCheck(t)()
	ctx := context.Background()
	const pause = 20 * time.Millisecond
	fails, marker := agentCommand(t, "exit7")
	fails.Timeout = 30 * time.Second
	rs, err := RunRetried(ctx, fails, 3, pause)
	if err != nil || len(rs) != 3 || rs[2].ExitCode != 7 {
		t.Fatalf("always failing agent: %d attempts, %v; want 3", len(rs), err)
	}
	for i := 1; i < len(rs); i++ {
		if gap := rs[i].Started.Sub(rs[i-1].Started.Add(rs[i-1].Duration)); gap < pause {
			t.Errorf("attempt %d started %v after the previous ended, want at least %v", i+1, gap, pause)
		}
	}
	once, _ := agentCommand(t, "fail-once")
	once.Env = append(once.Env, logEnv+"="+filepath.Join(t.TempDir(), "tried"))
	once.Timeout = 30 * time.Second
	if rs, err := RunRetried(ctx, once, 5, pause); err != nil || len(rs) != 2 || !rs[1].Success() {
		t.Errorf("agent failing once: %d attempts, %v; want success at the second", len(rs), err)
	}
	hang, _ := agentCommand(t, "hang")
	hang.Timeout = 200 * time.Millisecond
	if rs, _ := RunRetried(ctx, hang, 3, pause); len(rs) != 1 || rs[0].Status != StatusTimedOut {
		t.Errorf("timed out agent: %d attempts, want 1 (a timeout is not retried)", len(rs))
	}
	slow, _ := agentCommand(t, "slow-fail") // fails after 400 ms, over 70% of 500 ms
	slow.Timeout = 500 * time.Millisecond
	if rs, _ := RunRetried(ctx, slow, 3, pause); len(rs) != 1 {
		t.Errorf("agent failing late: %d attempts, want 1", len(rs))
	}
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if rs, err := RunRetried(cctx, fails, 3, time.Hour); !errors.Is(err, context.DeadlineExceeded) || len(rs) != 1 {
		t.Errorf("context ending during the pause: %d attempts, %v", len(rs), err)
	}
	assertNoSurvivors(t, marker)
}
