package agents

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/ocf"
)

// checked is an agent with a Validator, unsupported parameters and an
// unsupported action, that records what Execute let through.
type checked struct {
	validated, runs int
	optional        bool   // TargetOptional
	crash           string // Run panics with this
}

func (a *checked) Metadata(name string) *ocf.Metadata {
	ps := []ocf.Param{{Name: "addr", Desc: "address"},
		{Name: "bridge", Desc: "bridge to", Unsupported: "no bridging", Refuse: true},
		{Name: "tool_path", Default: "/bin/tool", Desc: "tool", Unsupported: "no tool is run"},
		{Name: "as_ip", Type: ocf.TypeBoolean, Desc: "plug is the address", Unsupported: "not here", Refuse: true}}
	ps = append(ps, ocf.Login("1")...)
	ps = append(ps, ocf.Plug("")...)
	return &ocf.Metadata{Name: name, Params: append(ps, ocf.Common()...), TargetOptional: a.optional,
		Actions: append(ocf.ActionSpecs(ocf.ActionOn, ocf.ActionOff, ocf.ActionReboot, ocf.ActionStatus, ocf.ActionMonitor,
			ocf.ActionMetadata, ocf.ActionValidateAll), ocf.ActionSpec{Name: ocf.ActionList, Hidden: true},
			ocf.ActionSpec{Name: ocf.ActionDiag, Unsupported: "an NMI cannot be confirmed"})}
}

func (a *checked) Validate(c *Call) error {
	a.validated++
	if c.Params.Get("addr") == "" {
		return ocf.Errorf(ocf.ExitFailure, "parameter addr: required")
	}
	return nil
}

func (a *checked) Run(_ context.Context, c *Call) error {
	a.runs++
	if a.crash != "" {
		panic(a.crash)
	}
	c.Debugf("step one")
	c.Warnf("careful")
	return nil
}

func execAgent(ctx context.Context, a Agent, stdin string) (int, string, string) {
	var out, errb bytes.Buffer
	err := Execute(ctx, a, Invocation{Name: "fence_exec_chk", Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Hostname: "self"})
	return ocf.CodeOf(err), out.String(), errb.String()
}

// TestExecuteChecks: refused parameters and actions, a missing target and
// a failed validation stop the run before Run; ignored ones warn.
func TestExecuteChecks(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		stdin, stderr string
		runs          int
	}{
		{"action=off\naddr=a\nplug=n1\n", "WARNING: careful", 1},
		{"action=off\naddr=a\nplug=n1\nbridge=0x20\n", "parameter bridge: not supported by this agent: no bridging", 0},
		{"action=off\naddr=a\nplug=n1\nas_ip=1\n", "parameter as_ip: not supported", 0},
		{"action=off\naddr=a\nplug=n1\nas_ip=0\n", "WARNING: careful", 1},
		{"action=off\naddr=a\nplug=n1\ntool_path=/x\n", "WARNING: parameter tool_path ignored: no tool is run", 1},
		{"action=off\naddr=a\nplug=n1\ntool_path=/bin/tool\n", "WARNING: careful", 1},
		{"action=diag\naddr=a\nplug=n1\n", "action diag: not supported by this agent: an NMI cannot be confirmed", 0},
		{"action=off\naddr=a\n", "off: no target", 0},
		{"action=off\naddr=a\nplug=2,3\n", `plug "2,3" names several plugs (plug_separator ",")`, 0},
		{"action=off\naddr=a\nplug=2+3\nplug_separator=+\n", `plug "2+3" names several plugs (plug_separator "+")`, 0},
		{"action=status\naddr=a\n", "status: no target", 0},
		{"action=off\nplug=n1\n", "parameter addr: required", 0},
		{"action=validate-all\naddr=a\n", "", 0},
		{"action=validate-all\n", "parameter addr: required", 0},
		{"action=list\naddr=a\n", "WARNING: careful", 1},
		{"action=monitor\naddr=a\n", "WARNING: careful", 1},
	}
	for _, c := range cases {
		a := &checked{}
		code, _, stderr := execAgent(ctx, a, c.stdin)
		if a.runs != c.runs || !strings.Contains(stderr, c.stderr) || (c.runs == 0 && c.stderr != "" && code != ocf.ExitFailure) {
			t.Errorf("%q: exit %d, %d runs (want %d), stderr %q (want %q)", c.stdin, code, a.runs, c.runs, stderr, c.stderr)
		}
	}
	a := &checked{optional: true}
	if code, _, stderr := execAgent(ctx, a, "action=off\naddr=a\n"); code != 0 || a.runs != 1 {
		t.Errorf("off without target, target optional: exit %d, %d runs, %q", code, a.runs, stderr)
	}
	var md bytes.Buffer
	if err := a.Metadata("x").WriteXML(&md); err != nil || strings.Contains(md.String(), `"list"`) || strings.Contains(md.String(), `"diag"`) ||
		!strings.Contains(md.String(), "bridge to (not supported: no bridging; refused)") {
		t.Errorf("metadata advertises hidden or unsupported actions, or misses the unsupported note:\n%s", md.String())
	}
}

// TestValidateBeforeDelay: parameters are checked before the delay; with
// the context already cancelled, a valid run fails in the delay and an
// invalid one with its validation error.
func TestValidateBeforeDelay(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := &checked{}
	if _, _, stderr := execAgent(ctx, a, "action=off\nplug=n1\ndelay=3600\n"); !strings.Contains(stderr, "parameter addr: required") || a.validated != 1 {
		t.Errorf("invalid run with a delay: %q", stderr)
	}
	if _, _, stderr := execAgent(ctx, a, "action=off\nplug=n1\naddr=a\ndelay=3600\n"); !strings.Contains(stderr, "interrupted") || a.runs != 0 {
		t.Errorf("valid run with a delay and a cancelled context: %q, %d runs", stderr, a.runs)
	}
}

// TestExecuteCrash: a panic is exit 1, "Failed: internal error", with the
// stack, and never shows a secret.
func TestExecuteCrash(t *testing.T) {
	a := &checked{crash: "boom with pw-s3cret-77 inside"}
	code, out, stderr := execAgent(context.Background(), a, "action=status\nplug=n1\naddr=a\npassword=pw-s3cret-77\n")
	if code != ocf.ExitFailure || out != "" || !strings.HasPrefix(stderr, "Failed: internal error: panic: boom with [hidden] inside\n") ||
		!strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "pw-s3cret-77") {
		t.Errorf("crash: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestDebugFile: debug_file gets the run's lines with fence-agents'
// timestamps at the run's verbosity, never a secret, and is refused when
// it is not a regular file or is a symbolic link.
func TestDebugFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "debug.log")
	code, _, stderr := execAgent(context.Background(), &checked{}, "action=off\nplug=n1\naddr=a\nverbose=1\npassword=pw-s3cret-77\nquiet=1\ndebug_file="+f+"\n")
	b, err := os.ReadFile(f)
	if code != 0 || err != nil || stderr != "" {
		t.Fatalf("exit %d, stderr %q, %v", code, stderr, err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 3 || !strings.Contains(string(b), " DEBUG: step one\n") || !strings.Contains(string(b), " WARNING: careful\n") ||
		strings.Contains(string(b), "pw-s3cret-77") {
		t.Errorf("debug file:\n%s", b)
	}
	for _, l := range lines {
		if len(l) < 24 || l[4] != '-' || l[19] != ',' {
			t.Errorf("line without a timestamp: %q", l)
		}
	}
	if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o600 {
		t.Errorf("debug file mode %v", fi.Mode())
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(f, link); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"/dev/null", link, filepath.Join(dir, "no", "such")} {
		a := &checked{}
		if code, _, stderr := execAgent(context.Background(), a, "action=off\nplug=n1\naddr=a\ndebug_file="+bad+"\n"); code != 1 || a.runs != 0 || !strings.Contains(stderr, "debug_file") {
			t.Errorf("debug_file=%s: exit %d, %d runs, %q", bad, code, a.runs, stderr)
		}
	}
}

// TestWarningsCapped: a flood of unknown keys gives a bounded number of
// warnings, the last one counting the rest.
func TestWarningsCapped(t *testing.T) {
	in := "action=monitor\naddr=a\n" + strings.Repeat("unknown_key=1\n", 50000)
	_, _, stderr := execAgent(context.Background(), &checked{}, in)
	if n := strings.Count(stderr, "WARNING: "); n > ocf.MaxWarnings+2 || !strings.Contains(stderr, "49990 more lines ignored") {
		t.Errorf("%d warnings:\n%.500s", n, stderr)
	}
}

// scripted reads its password through password_script, then logs it
// (wrongly) and panics with it.
type scripted struct{ checked }

func (a *scripted) Run(ctx context.Context, c *Call) error {
	pw, err := Password(ctx, c.Params)
	if err != nil {
		return err
	}
	c.Logf("the password is %s", pw.Reveal())
	panic("lost " + pw.Reveal())
}

// TestDerivedSecrets: a password_script's output reaches OnSecret (a
// supervisor's redaction list) and is redacted from the log and from the
// crash report.
func TestDerivedSecrets(t *testing.T) {
	var got []string
	var errb bytes.Buffer
	err := Execute(context.Background(), &scripted{}, Invocation{Name: "fence_exec_chk", Stderr: &errb, Hostname: "self",
		Stdin:    strings.NewReader("action=monitor\naddr=a\npassword_script=echo from-script-99\n"),
		OnSecret: func(s ocf.Secret) { got = append(got, s.Reveal()) }})
	if ocf.CodeOf(err) != 1 || len(got) != 1 || got[0] != "from-script-99" || strings.Contains(errb.String(), "from-script-99") ||
		!strings.Contains(errb.String(), "the password is [hidden]") || !strings.Contains(errb.String(), "panic: lost [hidden]") {
		t.Errorf("secrets seen %q, err %v, stderr:\n%s", got, err, errb.String())
	}
}
