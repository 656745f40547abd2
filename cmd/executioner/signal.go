package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// signalError is the cause of a context canceled by a signal.
type signalError struct{ sig syscall.Signal }

func (e *signalError) Error() string {
	return "interrupted by " + map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[e.sig]
}

// signalContext returns a context canceled, with a *signalError cause, by
// the first SIGINT or SIGTERM. A second one gets the signal's default
// action (the process ends at once), so a command that does not stop can
// still be stopped. The signals are caught until the first one arrives
// or the process exits.
func signalContext(parent context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-ch
		signal.Stop(ch)
		cancel(&signalError{sig: s.(syscall.Signal)})
	}()
	return ctx
}

// signalExit is the exit status of a command that failed after ctx was
// canceled by a signal: 128 plus the signal number (130 for SIGINT, 143
// for SIGTERM), as a shell reports a process the signal killed. ok is
// false when no signal arrived.
func signalExit(ctx context.Context) (code int, ok bool) {
	var se *signalError
	if errors.As(context.Cause(ctx), &se) {
		return 128 + int(se.sig), true
	}
	return 0, false
}
