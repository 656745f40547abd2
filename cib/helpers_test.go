package cib

import (
	"fmt"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// splitWords splits a line into words the way a POSIX shell would for
// single- and double-quoted strings and plain words.
func splitWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated %c quote", c)
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// canonical renders an element tree without whitespace-only text, for
// comparing documents written by different tools.
func canonical(e *etree.Element) string {
	var b strings.Builder
	var rec func(e *etree.Element, depth int)
	rec = func(e *etree.Element, depth int) {
		fmt.Fprintf(&b, "%s<%s", strings.Repeat("  ", depth), e.FullTag())
		for _, a := range e.Attr {
			fmt.Fprintf(&b, " %s=%q", a.FullKey(), a.Value)
		}
		b.WriteString(">")
		if t := strings.TrimSpace(e.Text()); t != "" {
			fmt.Fprintf(&b, " %q", t)
		}
		b.WriteString("\n")
		for _, c := range e.ChildElements() {
			rec(c, depth+1)
		}
	}
	rec(e, 0)
	return b.String()
}

// canonicalCIB is canonical for a whole CIB, with an absent <status>
// counted as an empty one (Pacemaker adds it when it reads a file).
func canonicalCIB(t testing.TB, data []byte) string {
	t.Helper()
	doc, err := Parse(data)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	if doc.Root().SelectElement("status") == nil {
		doc.Root().CreateElement("status")
	}
	return canonical(doc.Root())
}
