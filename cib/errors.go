package cib

import "errors"

// Errors an edit can fail with. They mirror the results cibadmin reports,
// so a command can map each to cibadmin's exit status; edits wrap them with
// what was being done.
var (
	// ErrNoSuchObject: the scope, xpath or object to change does not exist.
	ErrNoSuchObject = errors.New("no such object")
	// ErrExists: the object to create is already there.
	ErrExists = errors.New("object already exists")
	// ErrOlder: the update would take the CIB's version backwards.
	ErrOlder = errors.New("update is older than the existing configuration")
	// ErrInvalidArgument: the edit cannot be applied as asked (no input,
	// an absent section to create into, a malformed xpath, deleting /cib).
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrInvalid: the edit would leave a CIB that does not validate.
	ErrInvalid = errors.New("update does not conform to the configured schema")
)
