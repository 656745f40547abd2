package cib

import (
	"errors"
	"testing"
)

// TestParseErrorLines checks that malformed input is reported with the line
// the problem is on.
func TestParseErrorLines(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		line int
	}{
		{"unclosed", "<cib>\n<configuration>\n</cib>\n", 3},
		{"two roots", "<cib/>\n\n<cib/>\n", 3},
		{"bad attribute", "<cib>\n  <nodes a=1/>\n</cib>", 2},
		{"truncated", "<cib>\n<configuration>\n", 3},
		{"not a cib", "<?xml version=\"1.0\"?>\n<foo/>", 2},
		{"empty", "", 1},
		{"stray end", "<cib/>\n</x>", 2},
	} {
		_, err := Parse([]byte(c.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v, want *SyntaxError", c.name, err)
			continue
		}
		if se.Line != c.line {
			t.Errorf("%s: line %d (%v), want %d", c.name, se.Line, err, c.line)
		}
	}
}
