package main

import "fmt"

// Exit codes shared by the subcommands. Those that mirror a Pacemaker tool
// use that tool's numbers (crm_exit_t), so scripts written for cibadmin or
// crm_verify keep working.
const (
	exitOK         = 0
	exitFailure    = 1   // generic failure
	exitUsage      = 64  // CRM_EX_USAGE: bad command line
	exitDataErr    = 65  // CRM_EX_DATAERR: input could not be used
	exitNoInput    = 66  // CRM_EX_NOINPUT: input file missing
	exitCantCreat  = 73  // CRM_EX_CANTCREAT: output could not be written
	exitConfig     = 78  // CRM_EX_CONFIG: configuration invalid
	exitOld        = 103 // CRM_EX_OLD: update older than the existing one
	exitNoSuch     = 105 // CRM_EX_NOSUCH: no such object
	exitDisconnect = 102 // CRM_EX_DISCONNECT: no connection to the cluster
	exitExists     = 108 // CRM_EX_EXISTS: object already exists
	exitUnsafe     = 107 // CRM_EX_UNSAFE: needs --force
)

// exitError carries an exit status out of a command. A nil err exits quietly.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that the process exits with code.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}
