package rng

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// knownTypes are the datatypes this package knows: RELAX NG's built-in
// string and token, and the XML Schema types Pacemaker's schemas use.
var knownTypes = map[string]bool{"string": true, "token": true, "integer": true, "nonNegativeInteger": true,
	"positiveInteger": true, "boolean": true, "ID": true, "IDREF": true, "NCName": true}

// The definitions isInteger and isNCName shortcut, compiled on first use
// (a program linking the package but validating nothing does not pay for
// them at start-up).
var (
	reInteger = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9]+$`) })
	reNCName  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z_\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}][A-Za-z0-9_.\x{B7}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{203F}-\x{2040}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}-]*$`)
	})
)

// collapse applies XML Schema's whitespace collapsing.
func collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// needsCollapse reports whether collapse may change s: it holds white
// space other than single spaces between other characters, or a byte
// beyond ASCII (perhaps a Unicode space). Most values do not, and are
// then not copied.
func needsCollapse(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		default:
			if s[i] >= 0x80 { // perhaps a space beyond ASCII
				return true
			}
		case '\t', '\n', '\r', '\v', '\f':
			return true
		case ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}

// isInteger is reInteger.MatchString.
func isInteger(v string) bool {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// isNCName is reNCName.MatchString, without the regular expression for
// names in ASCII (nearly all).
func isNCName(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 0x80:
			return reNCName().MatchString(v)
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-'):
		default:
			return false
		}
	}
	return v != ""
}

// allows reports whether s is a value of the datatype (and matches the
// pattern facet, when there is one).
func allows(typ string, facet *regexp.Regexp, s string) bool {
	v := s
	if typ != "string" {
		v = collapse(s)
	}
	if facet != nil && !facet.MatchString(v) {
		return false
	}
	switch typ {
	case "integer":
		return isInteger(v)
	case "nonNegativeInteger":
		return isInteger(v) && (!strings.HasPrefix(v, "-") || strings.Trim(v[1:], "0") == "")
	case "positiveInteger":
		return isInteger(v) && !strings.HasPrefix(v, "-") && strings.Trim(strings.TrimPrefix(v, "+"), "0") != ""
	case "boolean":
		return v == "true" || v == "false" || v == "1" || v == "0"
	case "ID", "IDREF", "NCName":
		return isNCName(v)
	}
	return true
}

// valueEqual compares a value in the schema with one in the document.
func valueEqual(typ, want, got string) bool {
	switch typ {
	case "string":
		return want == got
	case "integer", "nonNegativeInteger", "positiveInteger":
		return allows(typ, nil, got) && canonInt(collapse(want)) == canonInt(collapse(got))
	case "boolean":
		return allows(typ, nil, got) && (collapse(want) == "true" || collapse(want) == "1") == (collapse(got) == "true" || collapse(got) == "1")
	}
	return collapse(want) == collapse(got)
}

func canonInt(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(strings.TrimLeft(s, "+-"), "0")
	if s == "" {
		return "0"
	}
	if neg {
		return "-" + s
	}
	return s
}

// facetRegexp turns an XML Schema pattern into an anchored Go regexp.
func facetRegexp(p string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", p, err)
	}
	return re, nil
}
