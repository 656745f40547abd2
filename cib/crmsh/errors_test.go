package crmsh

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// errorCase is bad crm text: the line holding the fault, the word the
// error must point at, and what the message must say.
type errorCase struct {
	name string
	pre  string // lines before the bad one
	line string
	at   string // the offending word; "" means the end of the line
	msg  string
}

var errorCases = []errorCase{
	{"unknown command", "", "primitve p1 Dummy", "primitve", "unknown command"},
	{"no closing quotation", "", `primitive p1 Dummy params fake="abc`, `"`, "no closing quotation"},
	{"op without name", "", "primitive p1 Dummy op", "", "Expected identifier"},
	{"too few arguments", "", "primitive p1", "primitive", "Expected at least 2 arguments"},
	{"expected identifier", "", "primitive =p1 Dummy", "=p1", "Expected identifier"},
	{"unknown resource type", "", "primitive p1 ocf:", "ocf:", "Unknown resource type"},
	{"unknown arguments", "", "location l1 p1 100: node1 extra", "extra", "Unknown arguments: extra"},
	{"expected score", "primitive a Dummy\nprimitive b Dummy", "colocation c1 a b", "a", "Expected <score>:"},
	{"invalid role", "primitive a Dummy\nprimitive b Dummy", "colocation c1 inf: a:Boss b", "a:Boss", "Invalid role 'Boss'"},
	{"mixing bool ops", "primitive a Dummy", "location l1 a rule 10: x eq 1 and y eq 2 or z eq 3", "or", "Mixing bool ops"},
	{"bad binary operator", "primitive a Dummy", "location l1 a rule 10: x equals 1", "equals", "Expected ((string"},
	{"location without score or rule", "primitive a Dummy", "location l1 a", "", "expected <score>: <node> or <rule>"},
	{"nested sets", "primitive a Dummy\nprimitive b Dummy", "order o1 Mandatory: ( a ( b ) )", "(", "Cannot nest resource sets"},
	{"unmatched bracket", "primitive a Dummy\nprimitive b Dummy", "order o1 Mandatory: a b )", ")", "Unmatched closing bracket"},
	{"mismatched bracket", "primitive a Dummy\nprimitive b Dummy", "order o1 Mandatory: ( a b ] a", "]", "Mismatched closing bracket"},
	{"empty location set", "primitive a Dummy", "location l1 { } 10: n1", "{", "Empty resource set"},
	{"bad set attribute", "primitive a Dummy\nprimitive b Dummy", "order o1 Mandatory: a b c sequential=maybe", "sequential=maybe", "Not a boolean"},
	{"invalid kind", "primitive a Dummy\nprimitive b Dummy", "order o1 Always: a b", "Always:", "Invalid kind"},
	{"op attribute order", "", "primitive p1 Dummy op monitor timeout=20 depth=0", "", "Attribute order error"},
	{"group child twice", "primitive a Dummy", "group g1 a a", "a", "listed more than once"},
	{"secret in an error", "primitive a Dummy", "location l1 a 10: n1 password=s3cr3t", "password=s3cr3t", "Unknown arguments: password=******"},
	{"empty tag", "", "tag t1: =x", "=x", "Expected resource"},
}

func (c errorCase) text() string {
	if c.pre == "" {
		return c.line + "\n"
	}
	return c.pre + "\n" + c.line + "\n"
}

// want computes the position the error must name from the text itself.
func (c errorCase) want() (int, int) {
	line := strings.Count(c.pre, "\n") + 1
	if c.pre != "" {
		line++
	}
	if c.at == "" {
		return line, len(c.line) + 1
	}
	return line, strings.LastIndex(c.line, c.at) + 1
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.text()), "bad.crm")
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("want a syntax error, got %v", err)
			}
			line, col := c.want()
			if se.File != "bad.crm" || se.Line != line || se.Col != col || !strings.Contains(se.Msg, c.msg) {
				t.Errorf("got %v, want bad.crm:%d:%d: ...%s...", err, line, col, c.msg)
			}
		})
	}
}

// TestSyntaxErrorsCrmshAgrees checks that crmsh refuses every bad input
// too (syntax and object errors alike) and leaves the CIB alone.
func TestSyntaxErrorsCrmshAgrees(t *testing.T) {
	peertest.Program(t, "crm")
	if testing.Short() {
		t.Skip("crmsh takes a while")
	}
	var names []string
	texts, bases := map[string]string{}, map[string]string{}
	for _, c := range errorCases {
		names, texts[c.name] = append(names, c.name), c.text()
	}
	for _, c := range objectErrorCases {
		names, texts[c.name] = append(names, c.name), c.text
	}
	for _, r := range refusals {
		names, texts[r.name], bases[r.name] = append(names, r.name), r.text, r.base
	}
	dir := t.TempDir()
	var jobs []crmJob
	for i, name := range names {
		in := filepath.Join(dir, fmt.Sprintf("bad%d.crm", i))
		if err := os.WriteFile(in, []byte(texts[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		base := "testdata/empty.xml"
		if b := bases[name]; b != "" {
			base = b
		}
		jobs = append(jobs, crmJob{base: readFile(t, base), cmds: []string{"configure load update " + in}})
	}
	for i, r := range crmBatch(t, jobs) {
		if canonConfig(t, r.cib) != canonConfig(t, jobs[i].base) {
			t.Errorf("%s: crmsh accepted %q", names[i], texts[names[i]])
		}
	}
}

var objectErrorCases = []struct{ name, text, msg string }{
	{"duplicate", "primitive a Dummy\nprimitive a Dummy\n", "duplicate object"},
	{"missing child", "clone c1 nosuch\n", "clone holds no resource"},
	{"invalid id", "primitive 9a Dummy\n", "invalid id"},
	{"id used twice", "primitive d1 Dummy params fake=1\nprimitive d1-instance_attributes Dummy\n", "is used twice"},
	{"split op lines", "primitive d1 Dummy op monitor interval=10s meta a=b op start interval=0\n", "op lines must follow one another"},
}

// TestObjectErrors covers text that parses but cannot be applied.
func TestObjectErrors(t *testing.T) {
	for _, c := range objectErrorCases {
		t.Run(c.name, func(t *testing.T) {
			objs, err := Parse([]byte(c.text), "x.crm")
			if err != nil {
				t.Fatal(err)
			}
			doc, err := cib.Parse(loadEmpty(t))
			if err != nil {
				t.Fatal(err)
			}
			err = Load(doc, objs, Update)
			var oe *ObjectError
			if !errors.As(err, &oe) || !strings.Contains(oe.Msg, c.msg) {
				t.Fatalf("got %v, want an object error saying %q", err, c.msg)
			}
		})
	}
}
