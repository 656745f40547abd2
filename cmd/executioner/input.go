package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/executioner-ha/executioner/internal/boundedread"
)

// readFile reads an input file the command was given: only a regular file,
// at most the input limit, returning early when the command is interrupted.
func readFile(ctx context.Context, path string) ([]byte, error) {
	data, err := boundedread.File(ctx, path, boundedread.Limit(ctx))
	return data, inputError(ctx, err)
}

// readStream reads an input stream (standard input) like readFile.
func readStream(ctx context.Context, r io.Reader, name string) ([]byte, error) {
	data, err := boundedread.Reader(ctx, r, name, boundedread.Limit(ctx))
	return data, inputError(ctx, err)
}

// inputError gives a refused or failed read its exit status: 65 for input
// over the limit, 66 for input that is missing, unreadable or not a
// regular file. An interrupted read keeps its cause (see interrupted).
func inputError(ctx context.Context, err error) error {
	switch {
	case err == nil, interrupted(ctx, err):
		return err
	case errors.Is(err, boundedread.ErrTooLarge):
		return withCode(exitDataErr, fmt.Errorf("%w (see --max-input-size)", err))
	}
	return withCode(exitNoInput, err)
}

// interrupted reports whether err is ctx's cause: the command was stopped
// by a signal (or its caller) rather than failing.
func interrupted(ctx context.Context, err error) bool {
	cause := context.Cause(ctx)
	return cause != nil && errors.Is(err, cause)
}

// interruptible runs work, which must write nothing (parsing, planning,
// editing a document in memory, waiting for input), and returns its
// result, or ctx's cause as soon as ctx is done: the work is then
// abandoned, and the process exits without waiting for it. What the work
// computed is written by the caller, after it returned.
func interruptible[T any](ctx context.Context, work func() (T, error)) (T, error) {
	var zero T
	if err := context.Cause(ctx); err != nil {
		return zero, err
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := work()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, context.Cause(ctx)
	}
}

// byteSize is a flag value in bytes, with an optional K, M or G suffix
// (powers of 1024).
type byteSize int64

func (b *byteSize) Set(s string) error {
	mult := int64(1)
	if i := strings.IndexAny(s, "kKmMgG"); i >= 0 && i == len(s)-1 {
		mult = map[byte]int64{'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30}[s[i]|0x20]
		s = s[:i]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q is not a positive size in bytes (K, M or G may follow)", s)
	}
	*b = byteSize(n * mult)
	return nil
}

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }
func (b *byteSize) Type() string   { return "bytes" }
