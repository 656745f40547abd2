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
// Verify takes time O(n log n) in the size n of data: one parse, one pass
// that indexes IDs, nodes, resources, devices and constraints (see
// index), every check a pass over that index, and the findings
// sorted.
func Verify(data []byte) (*Document, []Finding) {
	doc, err := Parse(data)
	if err != nil {
		f := Finding{Severity: Error, Check: "well-formed", Element: "cib", Message: err.Error() + ": fix the XML"}
		var se *SyntaxError
		if errors.As(err, &se) {
			f.Element, f.Line = "", se.Line
			f.Message = se.Msg + ": fix the XML"
		}
		return nil, []Finding{f}
	}
	return doc, doc.Verify()
}

// Verify checks the document and returns its findings, errors first, each
// group in document order.
func (d *Document) Verify() []Finding {
	x := newIndex(d)
	var out []Finding
	out = append(out, d.schemaErrorsOf(x.declared)...)
	for _, check := range []func(*index) []Finding{
		d.checkVersion,
		d.checkStructure,
		d.checkOptions,
		d.checkResources,
		d.checkConstraints,
		d.checkTags,
		d.checkLevels,
		d.checkTopologyOrder,
		d.checkDevices,
		d.checkCoverage,
	} {
		out = append(out, check(x)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity < out[j].Severity })
	return out
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
