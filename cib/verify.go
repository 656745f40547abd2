package cib

import (
	"errors"
	"sort"

	"github.com/beevik/etree"
)

// Verify parses data and checks it, like crm_verify plus fencing checks
// crm_verify lacks. Input that cannot be parsed gives one error finding with
// the line of the problem and a nil document.
//
// Errors are what Pacemaker would reject or ignore with an error (schema
// violations, references to nothing, invalid option values); warnings are
// problems the cluster runs with but should not (a fencing device nobody
// monitors, a node no device can fence).
//
// Verify also returns the document's model, built once for the checks,
// for the caller's own (the plan's warnings), and whether any finding is
// one SchemaErrors returns, without a second pass.
//
// Verify takes time O(n log n) in the size n of data: one parse, one pass
// that indexes IDs, nodes, resources, devices and constraints (see
// index), one model, every check a pass over that index, and the findings
// sorted.
func Verify(data []byte) (*Document, Verified) { return VerifyString(string(data)) }

// VerifyString is Verify of a CIB held as a string, which the document
// refers to rather than copies (see ParseString).
func VerifyString(data string) (*Document, Verified) {
	doc, err := ParseString(data)
	if err != nil {
		f := Finding{Severity: Error, Check: "well-formed", Element: "cib", Message: err.Error() + ": fix the XML"}
		var se *SyntaxError
		if errors.As(err, &se) {
			f.Element, f.Line = "", se.Line
			f.Message = se.Msg + ": fix the XML"
		}
		return nil, Verified{Findings: []Finding{f}, SchemaErrors: true}
	}
	return doc, doc.Verify()
}

// Verified is what Verify found.
type Verified struct {
	Findings     []Finding
	Model        *Model // the document's model, built once for the checks; nil when it did not parse
	SchemaErrors bool   // some finding is one of SchemaErrors'
}

// Verify checks the document and returns its findings, errors first, each
// group in document order, with the model it built for them.
func (d *Document) Verify() Verified {
	x := newIndex(d)
	x.model = d.Model()
	var out []Finding
	out = append(out, d.schemaErrorsOf(x.declared)...)
	schemaErrs := len(out) > 0
	// schema marks the checks SchemaErrors also runs (keeping their
	// schemaChecks errors).
	for _, c := range []struct {
		check  func(*index) []Finding
		schema bool
	}{
		{d.checkVersion, false},
		{d.checkStructure, true},
		{d.checkOptions, false},
		{d.checkResources, true},
		{d.checkConstraints, false},
		{d.checkTags, false},
		{d.checkLevels, false},
		{d.checkTopologyOrder, false},
		{d.checkDevices, false},
		{d.checkCoverage, false},
	} {
		fs := c.check(x)
		for _, f := range fs {
			if c.schema && f.Severity == Error && schemaChecks[f.Check] {
				schemaErrs = true
			}
		}
		out = append(out, fs...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity < out[j].Severity })
	return Verified{Findings: out, Model: x.model, SchemaErrors: schemaErrs}
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// configChild returns /cib/configuration/name, or nil.
func (d *Document) configChild(name string) *etree.Element {
	cfg := d.Root().SelectElement("configuration")
	if cfg == nil {
		return nil
	}
	return cfg.SelectElement(name)
}
