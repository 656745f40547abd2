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
		go func() { ch[i] <- on(path, f) }()
	}
	results, err := s.collect(ctx, ch)
	if err != nil {
		return nil, err
	}
	var vals []any
	var errs []string
	for _, r := range results {
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

// on opens path and runs f on the device.
func on(path string, f func(*Device) (any, error)) result {
	d, err := Open(path)
	if err != nil {
		return result{err: err}
	}
	defer d.Close()
	v, err := f(d)
	return result{v, err}
}

// collect waits for every device's result until the I/O timeout; a device
// that has not answered by then fails. It fails only when ctx ends.
func (s *session) collect(ctx context.Context, ch []chan result) ([]result, error) {
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	out := make([]result, len(ch))
	expired := false
	for i, c := range ch {
		if !expired {
			select {
			case out[i] = <-c:
				continue
			case <-ctx.Done():
				return nil, fmt.Errorf("interrupted: %w", ctx.Err())
			case <-timer.C:
				expired = true
			}
		}
		select {
		case out[i] = <-c:
		default:
			out[i].err = fmt.Errorf("%s: no answer within %v", s.devs[i], s.timeout)
		}
	}
	return out, nil
}
