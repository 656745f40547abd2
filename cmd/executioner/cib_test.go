package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// cibadminToCLI turns cibadmin arguments into `executioner cib` arguments.
func cibadminToCLI(t *testing.T, args []string, file string) []string {
	t.Helper()
	sub := map[string]string{"-Q": "query", "-C": "create", "-M": "modify", "-R": "replace",
		"-D": "delete", "-d": "delete-all", "-B": "bump"}
	flag := map[string]string{"-o": "--scope", "--xpath": "--xpath", "-X": "-X",
		"-c": "--allow-create", "--force": "--force"}
	out := []string{"cib", "", "--cib", file}
	for _, a := range args {
		switch {
		case sub[a] != "":
			out[1] = sub[a]
		case flag[a] != "":
			out = append(out, flag[a])
		case strings.HasPrefix(a, "-"):
			t.Fatalf("unmapped cibadmin option %s", a)
		default:
			out = append(out, a)
		}
	}
	return out
}

// TestCIBCommandMatchesCibadmin runs testdata/cib/edits.script with the
// installed cibadmin and with `executioner cib` on two copies of a CIB and
// requires equal exit statuses, query output and documents at every step.
func TestCIBCommandMatchesCibadmin(t *testing.T) {
	cibadmin := peertest.Program(t, "cibadmin")
	dir := t.TempDir()
	theirs, ours := filepath.Join(dir, "theirs.xml"), filepath.Join(dir, "ours.xml")
	empty, err := exec.Command(cibadmin, "--empty").Output()
	if err != nil {
		t.Fatalf("cibadmin --empty: %v", err)
	}
	out, _, code := runCLI(t, "", "cib", "empty")
	if code != 0 || out != string(empty) {
		t.Fatalf("cib empty (exit %d):\n%s\ncibadmin --empty:\n%s", code, out, empty)
	}
	for _, f := range []string{theirs, ours} {
		if err := os.WriteFile(f, empty, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script, err := os.Open(filepath.Join(peertest.RepoRoot(t), "testdata", "cib", "edits.script"))
	if err != nil {
		t.Fatal(err)
	}
	defer script.Close()
	sc := bufio.NewScanner(script)
	steps := 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, err := splitWords(line)
		if err != nil {
			t.Fatalf("edits.script:%d: %v", n, err)
		}
		steps++
		cmd := exec.Command(cibadmin, args...)
		cmd.Env = append(os.Environ(), "CIB_file="+theirs)
		var want bytes.Buffer
		cmd.Stdout = &want
		_ = cmd.Run()
		got, stderr, code := runCLI(t, "", cibadminToCLI(t, args, ours)...)
		if wantCode := cmd.ProcessState.ExitCode(); code != wantCode {
			t.Errorf("edits.script:%d: exit %d, cibadmin %d (%s)", n, code, wantCode, stderr)
		}
		if args[0] == "-Q" && code == 0 {
			if g, w := canonicalXML(t, []byte(got)), canonicalXML(t, want.Bytes()); g != w {
				t.Errorf("edits.script:%d: output\n%s\ncibadmin:\n%s", n, g, w)
			}
		}
		a, _ := os.ReadFile(ours)
		b, _ := os.ReadFile(theirs)
		if g, w := canonicalXML(t, a), canonicalXML(t, b); g != w {
			t.Fatalf("edits.script:%d: document\n%s\ncibadmin:\n%s", n, g, w)
		}
	}
	if steps < 20 {
		t.Fatalf("only %d steps in edits.script", steps)
	}
	t.Logf("%d cibadmin steps agree", steps)
}
