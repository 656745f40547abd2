package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/boundedread"
	"github.com/executioner-ha/executioner/internal/cibstore"
)

// cibStore picks where a command's CIB is, in Pacemaker's order: the file
// named on the command line (an argument or --cib), else $CIB_file, else
// the running cluster's CIB.
func cibStore(file string) cibstore.Store {
	if file != "" {
		return cibstore.File{Path: file}
	}
	if env := os.Getenv("CIB_file"); env != "" {
		return cibstore.File{Path: env}
	}
	return cibstore.Live{}
}

// fileArg is the store of a command that takes the CIB file as an
// optional argument or as --cib FILE (not both).
func fileArg(flag string, args []string) (cibstore.Store, error) {
	if len(args) == 1 {
		if flag != "" && flag != args[0] {
			return nil, withCode(exitUsage, fmt.Errorf("two CIB files: %s and --cib %s", args[0], flag))
		}
		flag = args[0]
	}
	return cibStore(flag), nil
}

// storeCode maps a store's error to the exit status Pacemaker's tools use:
// a stale update 103, no cluster 102, a missing file or one that is not a
// regular file 66, one over the input limit 65, a malformed CIB 78. An
// error that already carries a status keeps it; so does an interruption
// (main gives it 130 or 143).
func storeCode(ctx context.Context, err error) error {
	var ee *exitError
	if err == nil || errors.As(err, &ee) || interrupted(ctx, err) {
		return err
	}
	for _, m := range []struct {
		target error
		code   int
	}{
		{cibstore.ErrStale, exitOld},
		{cibstore.ErrNoCluster, exitDisconnect},
		{cibstore.ErrNotFound, exitNoInput},
		{cibstore.ErrMalformed, exitConfig},
		{cibstore.ErrVersion, exitInvalidArg},
		{boundedread.ErrNotRegular, exitNoInput},
		{boundedread.ErrTooLarge, exitDataErr},
		{context.Canceled, exitFailure},
	} {
		if errors.Is(err, m.target) {
			return withCode(m.code, err)
		}
	}
	return withCode(exitCantCreat, err)
}

// readCIB reads the store's document, with storeCode's exit statuses. It
// returns as soon as the command is interrupted.
func readCIB(ctx context.Context, s cibstore.Store) (*cib.Document, error) {
	doc, err := interruptible(ctx, func() (*cib.Document, error) { return s.Read(ctx) })
	return doc, storeCode(ctx, err)
}

// updateCIB runs one store transaction, with storeCode's exit statuses.
// An interruption while edit runs ends the transaction with nothing
// written; the store checks again before it renames the new file in.
func updateCIB(ctx context.Context, s cibstore.Store, edit func(*cib.Document) error) error {
	return storeCode(ctx, s.Update(ctx, func(d *cib.Document) error {
		_, err := interruptible(ctx, func() (struct{}, error) { return struct{}{}, edit(d) })
		return err
	}))
}
