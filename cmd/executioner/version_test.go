package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestVersion: --version and the version command print the version
// string the agents' -V prints.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, _, code := runCLI(t, "", args...)
		if code != 0 || out != agents.Version+"\n" || !strings.HasPrefix(out, "executioner ") {
			t.Errorf("%v: exit %d, %q; want %q", args, code, out, agents.Version)
		}
	}
}

// TestJSONNotEscaped: JSON output keeps <, > and & as they are.
func TestJSONNotEscaped(t *testing.T) {
	var b strings.Builder
	if err := jsonEncoder(&b).Encode(map[string]string{"m": "<cib> & more"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"<cib> & more"`) {
		t.Errorf("got %s", b.String())
	}
}

// TestManPages: the CLI built with the tag manpages, as make install
// builds it, writes a page per command, the hidden one aside.
func TestManPages(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "executioner")
	peertest.GoBuild(t, "./cmd/executioner", bin, "manpages")
	dir := t.TempDir()
	cmd := exec.Command(bin, "man", dir)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("man: %v: %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "executioner-configure-load.1"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `.TH "EXECUTIONER-CONFIGURE-LOAD" "1" "Jan 1970"`) || !strings.Contains(s, "load applies a file of crm configuration text") {
		t.Errorf("executioner-configure-load.1:\n%s", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "executioner-man.1")); err == nil {
		t.Error("the hidden man command has a page")
	}
}

// TestCompletion: the shells' completion scripts exist, and completing
// "executioner configure " offers its subcommands.
func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		if out, _, code := runCLI(t, "", "completion", sh); code != 0 || !strings.Contains(out, "executioner") {
			t.Errorf("completion %s: exit %d", sh, code)
		}
	}
	out, _, _ := runCLI(t, "", "__complete", "configure", "")
	for _, want := range []string{"load\t", "show\t", "import-cluster-conf\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("completing configure: no %q in\n%s", want, out)
		}
	}
}
