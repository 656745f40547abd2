package crmsh

import "fmt"

// SyntaxError is crm text that could not be parsed: where, and what was
// expected there.
type SyntaxError struct {
	File string // the input's name, "-" for standard input
	Line int    // 1-based line of the offending word
	Col  int    // 1-based column of the offending word
	Msg  string // what went wrong or what was expected
}

func (e *SyntaxError) Error() string {
	f := e.File
	if f == "" {
		f = "<input>"
	}
	return fmt.Sprintf("%s:%d:%d: %s", f, e.Line, e.Col, e.Msg)
}
