package cibstore

import (
	"context"
	"errors"
	"fmt"
	"unsafe"

	"github.com/executioner-ha/executioner/cib"
)

// Store is where a CIB document lives. Its methods may be called from
// several goroutines and processes at once; Update is the only way to
// write.
type Store interface {
	// Name says where the CIB is, for messages: the file's path, or
	// "the live CIB".
	Name() string
	// Read returns the current document.
	Read(ctx context.Context) (*cib.Document, error)
	// ReadBytes returns the current document as stored, unparsed, for
	// checks that report line numbers.
	ReadBytes(ctx context.Context) ([]byte, error)
	// Update reads the current document, calls edit with it, and writes
	// the edited document back as one transaction (see the package
	// comment). An error from edit is returned as it is and nothing is
	// written; so is a document edit left unchanged.
	Update(ctx context.Context, edit func(*cib.Document) error) error
}

// Errors a caller branches on. Every error a Store returns that is one of
// them wraps it (errors.Is).
var (
	// ErrStale: the CIB changed after it was read for this update, which
	// was not applied (cibadmin's exit 103, "update was older than the
	// existing configuration").
	ErrStale = errors.New("the CIB changed since it was read; the update was not applied")
	// ErrVersion: an edit changed the document without making its version
	// newer than the one read; it was not written.
	ErrVersion = errors.New("the edited CIB's version is not newer than the one read")
	// ErrNoCluster: no CIB manager answers on this machine (cibadmin's
	// "could not connect to the CIB").
	ErrNoCluster = errors.New("no running cluster: could not connect to the CIB manager")
	// ErrNotFound: the CIB file does not exist.
	ErrNotFound = errors.New("no such CIB file")
	// ErrMalformed: what was read is not a CIB document.
	ErrMalformed = errors.New("malformed CIB")
)

// MalformedError is what was wrong with a document that was read.
type MalformedError struct {
	Where string // the file, or "the live CIB"
	Err   error  // the parser's error
}

func (e *MalformedError) Error() string { return fmt.Sprintf("%s: %v", e.Where, e.Err) }

// Unwrap returns the parser's error and ErrMalformed.
func (e *MalformedError) Unwrap() []error { return []error{e.Err, ErrMalformed} }

// parse parses a document read from where; data is the parser's to keep.
//
// The document is parsed from data's bytes in place, not from a copy (a
// large cluster's CIB is hundreds of megabytes): data, which the store
// has just read, must not be modified afterwards, and none of the
// store's readers does.
func parse(where string, data []byte) (*cib.Document, error) {
	doc, err := cib.ParseString(unsafe.String(unsafe.SliceData(data), len(data)))
	if err != nil {
		return nil, &MalformedError{Where: where, Err: err}
	}
	return doc, nil
}

// edited runs edit on doc and says whether it changed anything; a
// changed document must carry a version newer than the one it had.
func edited(where string, doc *cib.Document, edit func(*cib.Document) error) (bool, error) {
	before, err := doc.Version()
	if err != nil {
		return false, &MalformedError{Where: where, Err: err}
	}
	orig := doc.Bytes()
	if err := edit(doc); err != nil {
		return false, err
	}
	if string(doc.Bytes()) == string(orig) {
		return false, nil
	}
	after, err := doc.Version()
	if err != nil {
		return false, fmt.Errorf("%s: %w", where, err)
	}
	if after.Compare(before) <= 0 {
		return false, fmt.Errorf("%s: version %s after the edit, %s before: %w", where, after, before, ErrVersion)
	}
	return true, nil
}
