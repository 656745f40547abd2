package sbd

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// session runs one action over all devices.
type session struct {
	devs    []string
	timeout time.Duration
	from    string // the sender name written into mailboxes
}

// result is the outcome on one device.
type result struct {
	v   any
	err error
}

// each opens every device concurrently and runs f on it, each within the
// I/O timeout. It returns the values of the devices where f succeeded,
// and fails unless that is more than half of them.
func (s *session) each(ctx context.Context, f func(*Device) (any, error)) ([]any, error) {
	ch := make([]chan result, len(s.devs))
	for i, path := range s.devs {
		ch[i] = make(chan result, 1)
		go func() {
			d, err := Open(path)
			if err != nil {
				ch[i] <- result{err: err}
				return
			}
			defer d.Close()
			v, err := f(d)
			ch[i] <- result{v, err}
		}()
	}
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	var vals []any
	var errs []string
	expired := false
	for i, c := range ch {
		var r result
		got := false
		if !expired {
			select {
			case r = <-c:
				got = true
			case <-ctx.Done():
				return nil, fmt.Errorf("interrupted: %w", ctx.Err())
			case <-timer.C:
				expired = true
			}
		}
		if !got {
			select {
			case r = <-c:
			default:
				r.err = fmt.Errorf("%s: no answer within %v", s.devs[i], s.timeout)
			}
		}
		if r.err != nil {
			errs = append(errs, r.err.Error())
			continue
		}
		vals = append(vals, r.v)
	}
	if 2*len(vals) <= len(s.devs) {
		return nil, fmt.Errorf("%d of %d devices failed: %s", len(errs), len(s.devs), strings.Join(errs, "; "))
	}
	return vals, nil
}
