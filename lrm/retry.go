package lrm

import (
	"context"
	"time"
)

// RetryPause is the pause before each further attempt of a device action
// (Pacemaker's fencer sleeps one second).
const RetryPause = time.Second

// Try is one attempt of an action given what remains of its timeout. ok
// reports success; timedOut that the attempt ran out of time (which is
// never retried).
type Try func(ctx context.Context, timeout time.Duration) (ok, timedOut bool)

// Retry makes up to attempts attempts of an action with Pacemaker's
// fencer rules (stonith__action_create, update_remaining_timeout): a
// further attempt only after a failure that is not a timeout, while less
// than 70% of timeout has passed since the first began (counted in whole
// seconds, as the fencer does), RetryPause after the previous one ended,
// with the rest of timeout. A timeout of 0 means none. It returns how many
// attempts were made and whether the last succeeded; the error is ctx's
// when it ended during a pause.
func Retry(ctx context.Context, c Clock, attempts int, timeout time.Duration, try Try) (int, bool, error) {
	start := c.Now().Unix()
	remaining := timeout
	for n := 1; ; n++ {
		ok, timedOut := try(ctx, remaining)
		if ok {
			return n, true, nil
		}
		elapsed := time.Duration(c.Now().Unix()-start) * time.Second
		if n >= attempts || timedOut || ctx.Err() != nil || (timeout > 0 && float64(elapsed) >= 0.7*float64(timeout)) {
			return n, false, nil
		}
		if timeout > 0 {
			remaining = timeout - elapsed
		}
		if err := Sleep(ctx, c, RetryPause); err != nil {
			return n, false, err
		}
	}
}
