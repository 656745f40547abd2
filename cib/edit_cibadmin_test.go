package cib

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// cibadminStep is one line of testdata/cib/edits.script.
type cibadminStep struct {
	line  int
	args  []string
	query bool
	bump  bool
	force bool
	edit  Edit
	scope string
	xpath string
}

// readEditScript parses the shared edit script into steps.
func readEditScript(t *testing.T) []cibadminStep {
	t.Helper()
	f, err := os.Open(filepath.Join(peertest.RepoRoot(t), "testdata", "cib", "edits.script"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []cibadminStep
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, err := splitWords(line)
		if err != nil {
			t.Fatalf("edits.script:%d: %v", n, err)
		}
		steps = append(steps, parseStep(t, n, args))
	}
	return steps
}

func parseStep(t *testing.T, n int, args []string) cibadminStep {
	s := cibadminStep{line: n, args: args}
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-Q":
			s.query = true
		case "-B":
			s.bump = true
		case "-C":
			s.edit.Op = Create
		case "-M":
			s.edit.Op = Modify
		case "-R":
			s.edit.Op = Replace
		case "-D":
			s.edit.Op = Delete
		case "-d":
			s.edit.Op, s.edit.All = Delete, true
		case "-c":
			s.edit.AllowCreate = true
		case "--force":
			s.force = true
		case "-o":
			i++
			s.scope = args[i]
		case "--xpath":
			i++
			s.xpath = args[i]
		case "-X":
			i++
			in, err := ParseElement([]byte(args[i]))
			if err != nil {
				t.Fatalf("edits.script:%d: %v", n, err)
			}
			s.edit.Input = in
		default:
			t.Fatalf("edits.script:%d: unknown argument %q", n, args[i])
		}
	}
	s.edit.Scope, s.edit.XPath = s.scope, s.xpath
	return s
}

// exitStatus maps an edit's error to cibadmin's exit status.
func exitStatus(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrNoSuchObject):
		return 105
	case errors.Is(err, ErrExists):
		return 108
	case errors.Is(err, ErrOlder):
		return 103
	case errors.Is(err, ErrInvalid):
		return 78
	case errors.Is(err, ErrInvalidArgument):
		return 70
	}
	return 1
}

// run performs the step on doc and returns the exit status and the query
// result, as cibadmin would.
func (s cibadminStep) run(doc *Document) (int, []string) {
	switch {
	case s.query:
		found, err := doc.Query(s.scope, s.xpath)
		var out []string
		for _, e := range found {
			out = append(out, canonical(e))
		}
		return exitStatus(err), out
	case s.bump:
		return exitStatus(doc.Bump()), nil
	case s.edit.All && !s.force:
		return 107, nil
	}
	return exitStatus(doc.Apply(s.edit)), nil
}

// TestEditsMatchCibadmin runs the edit script with the installed cibadmin
// on a file CIB and with Document.Apply, comparing exit statuses, query
// results and the document after every step.
func TestEditsMatchCibadmin(t *testing.T) {
	cibadmin := peertest.Program(t, "cibadmin")
	steps := readEditScript(t)
	file := filepath.Join(t.TempDir(), "cib.xml")
	empty, err := exec.Command(cibadmin, "--empty").Output()
	if err != nil {
		t.Fatalf("cibadmin --empty: %v", err)
	}
	if err := os.WriteFile(file, empty, 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(empty)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		cmd := exec.Command(cibadmin, s.args...)
		cmd.Env = append(os.Environ(), "CIB_file="+file)
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		_ = cmd.Run()
		wantRC := cmd.ProcessState.ExitCode()
		gotRC, gotOut := s.run(doc)
		if gotRC != wantRC {
			t.Errorf("edits.script:%d: exit %d, cibadmin %d", s.line, gotRC, wantRC)
		}
		if s.query && wantRC == 0 {
			if got, want := strings.Join(gotOut, ""), queryCanonical(t, stdout.Bytes()); got != want {
				t.Errorf("edits.script:%d: query gives\n%s\ncibadmin:\n%s", s.line, got, want)
			}
		}
		after, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := canonicalCIB(t, doc.Bytes()), canonicalCIB(t, after); got != want {
			t.Fatalf("edits.script:%d: document\n%s\ncibadmin:\n%s", s.line, got, want)
		}
	}
}

// queryCanonical renders cibadmin's query output, unwrapping <xpath-query>.
func queryCanonical(t *testing.T, out []byte) string {
	t.Helper()
	e, err := ParseElement(out)
	if err != nil {
		t.Fatalf("cibadmin output: %v\n%s", err, out)
	}
	if e.Tag != "xpath-query" {
		return canonical(e)
	}
	var b strings.Builder
	for _, c := range e.ChildElements() {
		b.WriteString(canonical(c))
	}
	return b.String()
}
