package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/cib"
)

// runCLI runs the executioner command line in-process and returns its
// standard output, standard error and exit status.
func runCLI(t testing.TB, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(stdin))
	err := root.Execute()
	code, _ := statusOf(err)
	if err != nil {
		fmt.Fprintln(&errOut, err)
	}
	return out.String(), errOut.String(), code
}

// splitWords splits a line into words as a POSIX shell would for single-
// and double-quoted strings and plain words.
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

// canonicalXML renders XML without whitespace-only text and with an absent
// <status> of a <cib> counted as empty, to compare documents written by
// different tools. <xpath-query> wrappers are unwrapped.
func canonicalXML(t testing.TB, data []byte) string {
	t.Helper()
	e, err := cib.ParseElement(data)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	if e.Tag == "cib" && e.SelectElement("status") == nil {
		e.CreateElement("status")
	}
	if e.Tag == "xpath-query" {
		var b strings.Builder
		for _, c := range e.ChildElements() {
			b.Write(cib.Format(c))
		}
		return b.String()
	}
	return string(cib.Format(e))
}
