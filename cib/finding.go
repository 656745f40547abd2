package cib

import (
	"fmt"

	"github.com/beevik/etree"
)

// Severity is how serious a Finding is.
type Severity int

// Severities, in the order crm_verify reports them.
const (
	Error Severity = iota + 1
	Warning
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Finding is one problem verification found in a CIB.
type Finding struct {
	Severity Severity
	Check    string // short name of the check, e.g. "duplicate-id"
	ID       string // id of the element concerned, when it has one
	Element  string // tag of the element concerned
	Line     int    // line of that element in the source, 0 when unknown
	Message  string // what is wrong and what to do about it
	// Elem is the element concerned (nil when none) and Attr the
	// attribute at fault (when one is), for callers that map a finding
	// back to where it came from.
	Elem *etree.Element `json:"-"`
	Attr string         `json:"-"`
}

// String formats f as one line: "error: ID (line N): message [check]".
func (f Finding) String() string {
	where := f.ID
	if where == "" {
		where = "<" + f.Element + ">"
	}
	if f.Line > 0 {
		where = fmt.Sprintf("%s (line %d)", where, f.Line)
	}
	return fmt.Sprintf("%s: %s: %s [%s]", f.Severity, where, f.Message, f.Check)
}

// finding builds a Finding about element e.
func (d *Document) finding(sev Severity, check string, e *etree.Element, msg string) Finding {
	f := Finding{Severity: sev, Check: check, Message: msg}
	if e != nil {
		f.Elem = e
		f.ID = e.SelectAttrValue("id", "")
		f.Element = e.Tag
		f.Line = d.Line(e)
	}
	return f
}
