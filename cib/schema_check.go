package cib

// schemaChecks are the checks whose errors mean Pacemaker's schema (or
// its reading of a configuration) refuses the document.
var schemaChecks = map[string]bool{"schema": true, "duplicate-id": true, "dangling-reference": true, "on-fail-value": true}

// SchemaErrors returns the errors of the checks that stand for
// Pacemaker's schema: duplicate ids, references to nothing, elements
// missing what the schema requires or holding values it does not allow
// (resource classes, op names and intervals, on-fail, groups without
// primitives). An edit must not leave any of them; validating against the
// schema files themselves (where Pacemaker is installed) finds the rest.
func (d *Document) SchemaErrors() []Finding {
	out := d.schemaErrors()
	x := newIndex(d)
	for _, f := range append(d.checkStructure(x), d.checkResources(x)...) {
		if f.Severity == Error && schemaChecks[f.Check] {
			out = append(out, f)
		}
	}
	return out
}
