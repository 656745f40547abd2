package lrm

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Defaults of Pacemaker's fencer for one device action.
const (
	// DefaultAttempts is the default pcmk_<action>_retries: the total
	// number of attempts of an action on one device.
	DefaultAttempts = 2
	// RetryPause is the pause before each further attempt.
	RetryPause = time.Second
)

// ActionAttempts parses a pcmk_<action>_retries value as Pacemaker 2.1 does
// (atoi): the total number of attempts, at least 1; "" gives
// DefaultAttempts, and text that is not a number gives 1.
func ActionAttempts(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultAttempts
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// RunRetried runs c up to attempts times with Pacemaker's fencer rules: a
// further attempt is made only after a failure that is not a timeout (nor
// a cancellation), while less than 70% of c.Timeout has elapsed since the
// first attempt began; it gets what remains of c.Timeout and starts pause
// after the previous one ended. It returns the result of every attempt, the
// last one deciding. The error is Run's, for an agent that could not be
// started (not retried), or ctx's when it ended during a pause.
func RunRetried(ctx context.Context, c Command, attempts int, pause time.Duration) ([]*Result, error) {
	start := time.Now()
	total := c.Timeout
	var results []*Result
	for try := 1; ; try++ {
		res, err := Run(ctx, c)
		if err != nil {
			return results, err
		}
		results = append(results, res)
		elapsed := time.Since(start)
		retry := !res.Success() && try < attempts &&
			res.Status != StatusTimedOut && res.Status != StatusCanceled &&
			(total == 0 || elapsed < total*7/10)
		if !retry {
			return results, nil
		}
		if total > 0 {
			c.Timeout = total - elapsed
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return results, ctx.Err()
		case <-t.C:
		}
	}
}
