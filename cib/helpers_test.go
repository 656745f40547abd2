package cib

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// skipOrFail skips the test on a developer machine and fails it under CI,
// where every peer and fixture must be present.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// requirePeer returns the path of a Pacemaker tool the test runs against.
func requirePeer(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		for _, dir := range []string{"/usr/sbin", "/usr/bin"} {
			if p := filepath.Join(dir, name); isExecutable(p) {
				return p
			}
		}
		skipOrFail(t, "%s not installed: %v", name, err)
	}
	return path
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// repoRoot is the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// sharedCases returns the scheduler conformance cases in ../shared (or in
// $SHARED, relative to the repo root when not absolute).
func sharedCases(t testing.TB) []string {
	t.Helper()
	root := repoRoot(t)
	shared := filepath.Join(root, "..", "shared")
	if env := os.Getenv("SHARED"); env != "" {
		shared = env
		if !filepath.IsAbs(shared) {
			shared = filepath.Join(root, shared)
		}
	}
	files, _ := filepath.Glob(filepath.Join(shared, "conformance", "scheduler", "cases", "*.xml"))
	if len(files) == 0 {
		skipOrFail(t, "no scheduler cases under %s (set SHARED to the shared directory)", shared)
	}
	return files
}

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
