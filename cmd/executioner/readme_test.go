package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// tourCmd is one command of the README's tour and the output shown for it.
type tourCmd struct {
	line int
	cmd  string
	want string
}

// readmeTour reads the README's examples: in an indented block, a line
// "$ COMMAND" and the lines after it up to the next command or blank line,
// which are its output.
func readmeTour(t *testing.T, readme string) []tourCmd {
	var out []tourCmd
	for i, l := range strings.Split(readme, "\n") {
		body, ok := strings.CutPrefix(l, "    ")
		switch {
		case ok && strings.HasPrefix(body, "$ "):
			out = append(out, tourCmd{line: i + 1, cmd: strings.TrimPrefix(body, "$ ")})
		case ok && len(out) > 0 && out[len(out)-1].line+strings.Count(out[len(out)-1].want, "\n") == i:
			out[len(out)-1].want += body + "\n"
		}
	}
	return out
}

// TestReadmeTour runs every command of the README's tour as written, from
// the top of the repository, with a freshly built executioner first on
// the PATH, and compares what it prints with what the README shows. A
// command shown printing an error ("executioner: ...") must fail; every
// other one must succeed. /tmp/tour.xml, the tour's scratch CIB, is a
// file of the test's own.
func TestReadmeTour(t *testing.T) {
	root := peertest.RepoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeTour(t, string(readme))
	if len(cmds) < 10 {
		t.Fatalf("only %d tour commands in README.md", len(cmds))
	}
	bin := t.TempDir()
	peertest.GoBuild(t, "./cmd/executioner", filepath.Join(bin, "executioner"))
	scratch := filepath.Join(t.TempDir(), "tour.xml")
	bash := peertest.Program(t, "bash")
	for _, c := range cmds {
		cmd := exec.Command(bash, "-c", strings.ReplaceAll(c.cmd, "/tmp/tour.xml", scratch))
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		got := strings.ReplaceAll(out.String(), scratch, "/tmp/tour.xml")
		wantFail := strings.HasPrefix(c.want, "executioner: ")
		if (err != nil) != wantFail || got != c.want {
			t.Errorf("README.md:%d: %s: %v\n%s\nREADME shows:\n%s", c.line, c.cmd, err, got, c.want)
		}
	}
}

// TestSampleCIB: the tour's sample CIB holds exactly the configuration its
// crm file loads, and Pacemaker's scheduler fences what plan says.
func TestSampleCIB(t *testing.T) {
	root := peertest.RepoRoot(t)
	sample := filepath.Join(root, "testdata", "cib", "three-nodes.xml")
	cibFile := filepath.Join(t.TempDir(), "cib.xml")
	if out, _, code := runCLI(t, "", "cib", "empty"); code != 0 {
		t.Fatal(out)
	} else if err := os.WriteFile(cibFile, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := runConfigure(t, "", "--cib", cibFile, "load", "update", filepath.Join(root, "testdata", "crm", "three-nodes.crm")); code != 0 {
		t.Fatalf("load: %s", out)
	}
	want, _ := runConfigure(t, "", "--cib", sample, "show", "xml")
	got, _ := runConfigure(t, "", "--cib", cibFile, "show", "xml")
	cut := func(s string) string { _, c, _ := strings.Cut(s, "<configuration>"); return c }
	if cut(got) != cut(want) {
		t.Errorf("testdata/cib/three-nodes.xml is not testdata/crm/three-nodes.crm:\n%s\nloaded:\n%s", want, got)
	}
	fences := peertest.Shared(t, "conformance", "scheduler", "pacemaker-fences")
	out, err := exec.Command(fences, sample).Output()
	if err != nil {
		t.Fatalf("pacemaker-fences: %v", err)
	}
	plan, _, code := runCLI(t, "", "plan", "--format", "fences", sample)
	if code != 0 || plan != string(out) {
		t.Errorf("plan %q, Pacemaker %q", plan, out)
	}
}
