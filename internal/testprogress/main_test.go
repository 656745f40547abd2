package main

import (
	"strings"
	"testing"
	"time"
)

// TestProgress feeds test2json events and checks what is printed: package
// results, slow tests, a failing test's output (and not a passing one's),
// build output, other lines as they are, and the failure status.
func TestProgress(t *testing.T) {
	var b strings.Builder
	s := &state{out: &b, started: map[string]time.Time{}, running: map[string]map[string]time.Time{}, output: map[string][]string{}}
	for _, l := range []string{
		`{"Action":"start","Package":"p"}`,
		`{"Action":"run","Package":"p","Test":"TestQuick"}`,
		`{"Action":"output","Package":"p","Test":"TestQuick","Output":"quiet\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestQuick","Elapsed":0.1}`,
		`{"Action":"run","Package":"p","Test":"TestSlow"}`,
		`{"Action":"pass","Package":"p","Test":"TestSlow","Elapsed":42}`,
		`{"Action":"run","Package":"p","Test":"TestBad"}`,
		`{"Action":"output","Package":"p","Test":"TestBad/sub","Output":"    bad_test.go:1: wrong\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestBad/sub","Elapsed":0}`,
		`{"Action":"fail","Package":"p","Test":"TestBad","Elapsed":0}`,
		`{"Action":"fail","Package":"p","Elapsed":43}`,
		`{"Action":"build-output","ImportPath":"q","Output":"q/x.go:1: syntax error\n"}`,
		`not json`,
	} {
		s.line(l)
	}
	want := "    PASS p TestSlow (42.0s)\n    bad_test.go:1: wrong\nFAIL\tp\t43.000s\nq/x.go:1: syntax error\nnot json\n"
	if b.String() != want || !s.failed {
		t.Errorf("printed:\n%s\nwant:\n%s\nfailed %v", b.String(), want, s.failed)
	}
}
