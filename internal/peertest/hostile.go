package peertest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// HostileInput is one file of testdata/hostile: a malformed or hostile
// CIB that every command must refuse.
type HostileInput struct {
	Path string
	Name string
	// Line is the line the refusal must name.
	Line int
	// XMLLintRefuses is what xmllint says of the file's well-formedness.
	XMLLintRefuses bool
	// XMLLevel is true when the file is refused as XML, so also as the
	// input of an edit; false when it is only not a CIB.
	XMLLevel bool
	What     string
}

// HostileInputs reads testdata/hostile/MANIFEST.
func HostileInputs(t testing.TB) []HostileInput {
	t.Helper()
	dir := filepath.Join(RepoRoot(t), "testdata", "hostile")
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []HostileInput
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			t.Fatalf("MANIFEST: malformed line %q", sc.Text())
		}
		line, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("MANIFEST: %s: line %q", f[0], f[1])
		}
		out = append(out, HostileInput{Path: filepath.Join(dir, f[0]), Name: f[0], Line: line,
			XMLLintRefuses: f[2] == "refuses", XMLLevel: f[3] == "xml", What: f[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var xmllintError = regexp.MustCompile(`: (parser|namespace) error :`)

// XMLLint runs xmllint --noout on path (without network access, entity
// substitution or DTD loading, its defaults) and reports whether it refuses
// the file as not well-formed, with its first message.
func XMLLint(t testing.TB, path string) (refuses bool, msg string) {
	t.Helper()
	cmd := exec.Command(Program(t, "xmllint"), "--noout", "--nonet", path)
	out, err := cmd.CombinedOutput()
	first, _, _ := strings.Cut(string(out), "\n")
	if _, ok := err.(*exec.ExitError); ok {
		return true, first
	}
	if err != nil {
		t.Fatal(err)
	}
	return xmllintError.Match(out), first
}
