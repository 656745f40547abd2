package cibstore

import (
	"context"
	"fmt"

	"github.com/executioner-ha/executioner/cib"
)

// Exit statuses of Pacemaker's tools that Live branches on (crm_exit_t).
const (
	exitDisconnect = 102 // CRM_EX_DISCONNECT: no connection to the CIB manager
	exitOld        = 103 // CRM_EX_OLD: the update is older than the CIB
	diffFound      = 1   // crm_diff: the documents differ
)

// liveName is how the running cluster's CIB is named in messages.
const liveName = "the live CIB"

// Live is the running cluster's CIB, held by the local CIB manager and
// reached through Pacemaker's cibadmin and crm_diff (see the package
// comment for the compare-and-swap).
type Live struct {
	// Wrap, when not empty, is a command the tools run under, their
	// command line appended (for example nsenter into a cluster node's
	// namespaces); empty runs them directly.
	Wrap []string
}

// Name returns "the live CIB".
func (Live) Name() string { return liveName }

// Read returns the CIB manager's current document (cibadmin --query).
func (l Live) Read(ctx context.Context) (*cib.Document, error) {
	data, err := l.query(ctx)
	if err != nil {
		return nil, err
	}
	return parse(liveName, data)
}

// ReadBytes returns the CIB manager's current document unparsed.
func (l Live) ReadBytes(ctx context.Context) ([]byte, error) { return l.query(ctx) }

// Update reads the current document, runs edit on it and, if it changed,
// applies the difference as a patch that the CIB manager refuses
// (ErrStale) unless the CIB is still at the version read.
func (l Live) Update(ctx context.Context, edit func(*cib.Document) error) error {
	data, err := l.query(ctx)
	if err != nil {
		return err
	}
	doc, err := parse(liveName, data)
	if err != nil {
		return err
	}
	changed, err := edited(liveName, doc, edit)
	if err != nil || !changed {
		return err
	}
	patch, err := l.diff(ctx, data, doc.Bytes())
	if err != nil || patch == nil {
		return err
	}
	return l.apply(ctx, patch)
}

// query runs cibadmin --query.
func (l Live) query(ctx context.Context) ([]byte, error) {
	r := l.run(ctx, tool{name: "cibadmin", args: []string{"--query"}})
	if r.err != nil {
		return nil, r.err
	}
	if r.code != 0 {
		return nil, r.failure()
	}
	return r.out, nil
}

// diff computes the version 2 patch from old to new with crm_diff; nil
// when they do not differ.
func (l Live) diff(ctx context.Context, old, new []byte) ([]byte, error) {
	r := l.run(ctx, tool{name: "crm_diff", args: []string{"--original", "/dev/fd/3", "--new", "-"}, stdin: new, fd3: old})
	switch {
	case r.err != nil:
		return nil, r.err
	case r.code == 0:
		return nil, nil
	case r.code == diffFound:
		return r.out, nil
	}
	return nil, r.failure()
}

// apply has the CIB manager apply patch (cibadmin --patch).
func (l Live) apply(ctx context.Context, patch []byte) error {
	r := l.run(ctx, tool{name: "cibadmin", args: []string{"--patch", "--xml-pipe"}, stdin: patch})
	if r.err != nil {
		return r.err
	}
	if r.code != 0 {
		return r.failure()
	}
	return nil
}

// failure is the error of a tool that exited non-zero.
func (r result) failure() error {
	err := fmt.Errorf("%s: %s (exit %d)", r.cmd, r.message(), r.code)
	switch r.code {
	case exitOld:
		return fmt.Errorf("%s: %w (%v)", liveName, ErrStale, err)
	case exitDisconnect:
		return fmt.Errorf("%w (%v)", ErrNoCluster, err)
	}
	return err
}
