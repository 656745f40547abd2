package ocf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func testSpec() []Param {
	ps := []Param{
		{Name: "lanplus", Short: "P", Type: TypeBoolean, Default: "0"},
		{Name: "method", Short: "m", Type: TypeSelect, Choices: []string{"onoff", "cycle"}, Default: "onoff"},
		{Name: "cipher", ArgName: "cipher"},
	}
	ps = append(ps, Login("623")...)
	ps = append(ps, Plug("")...)
	return append(ps, Common()...)
}

func mustStdin(t *testing.T, in string) *Params {
	t.Helper()
	p, err := ParseStdin(testSpec(), strings.NewReader(in))
	if err != nil {
		t.Fatalf("ParseStdin(%q): %v", in, err)
	}
	return p
}

func TestStdinRules(t *testing.T) {
	p := mustStdin(t, "# comment\n\n  ipaddr=10.0.0.1  \nlogin=\"admin\"\nip=10.0.0.2\nport=node1\nnodename=node9\nlanplus=yes\nmethod=CYCLE\nfoo=bar\naction=off\n")
	checks := map[string]string{"ip": "10.0.0.2", "username": "admin", "plug": "node1", "lanplus": "1", "method": "cycle", "action": "off"}
	for k, want := range checks {
		if got := p.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if p.Target() != "node1" {
		t.Errorf("Target = %q, want the plug (port wins over nodename)", p.Target())
	}
	if len(p.Warnings()) != 1 || !strings.Contains(p.Warnings()[0], `"foo"`) {
		t.Errorf("warnings = %q, want one about foo", p.Warnings())
	}
	if p.Get("ipport") != "623" || p.Int("ipport") != 623 {
		t.Errorf("ipport default = %q", p.Get("ipport"))
	}
}

func TestStdinAndArgsAgree(t *testing.T) {
	stdin := "action=status\nip=h\nipport=1623\nusername=u\npassword=s3cret\nlanplus=1\nmethod=cycle\npower_wait=0.5\nplug=n1\n"
	args := []string{"-o", "status", "--ip=h", "-u1623", "--username", "u", "-p", "s3cret", "-P", "--method", "cycle", "--power-wait=0.5", "-n", "n1"}
	a := mustStdin(t, stdin)
	b, err := ParseArgs(testSpec(), args)
	if err != nil {
		t.Fatal(err)
	}
	if a.Dump() != b.Dump() {
		t.Errorf("stdin gives\n%s\nargv gives\n%s", a.Dump(), b.Dump())
	}
	if a.Secret("password").Reveal() != "s3cret" || b.Secret("password").Reveal() != "s3cret" {
		t.Error("password not readable through Secret")
	}
}

func TestBadValues(t *testing.T) {
	for _, in := range []string{"ipport=x", "method=sideways", "power_wait=-1", "delay=NaN", "power_timeout=1e99"} {
		_, err := ParseStdin(testSpec(), strings.NewReader(in))
		if CodeOf(err) != ExitFailure {
			t.Errorf("%q: err %v, want exit %d", in, err, ExitFailure)
		}
	}
	p := mustStdin(t, "lanplus=maybe\n")
	if p.Has("lanplus") || len(p.Warnings()) != 1 {
		t.Errorf("bad boolean: has=%v warnings=%q, want ignored with a warning", p.Has("lanplus"), p.Warnings())
	}
	for _, args := range [][]string{{"--bogus"}, {"-Z"}, {"--ip"}, {"stray"}, {"-u", "x"}} {
		if _, err := ParseArgs(testSpec(), args); CodeOf(err) != ExitFailure {
			t.Errorf("%q: err %v, want a failure", args, err)
		}
	}
}

func TestSecretsNeverShown(t *testing.T) {
	p := mustStdin(t, "password=hunter2\npasswd_script=echo x\n")
	s := p.Secret("password")
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s), p.Dump(), p.Get("password")} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("secret printed: %q", out)
		}
	}
	spec := append([]Param{{Name: "pin", Type: TypeInteger, Secret: true}}, Common()...)
	_, err := ParseStdin(spec, strings.NewReader("pin=hunter2\n"))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("bad secret value: err %v", err)
	}
}

func TestCodeOf(t *testing.T) {
	if CodeOf(nil) != ExitOK || CodeOf(errors.New("x")) != ExitFailure {
		t.Error("nil or plain error mapped wrongly")
	}
	wrapped := fmt.Errorf("ctx: %w", &Error{Code: ExitOff})
	if CodeOf(wrapped) != ExitOff || CodeOf(Fail(wrapped)) != ExitOff {
		t.Error("wrapped *Error lost its code")
	}
}

func TestVerbose(t *testing.T) {
	p, err := ParseArgs(testSpec(), []string{"-vvv", "-v"})
	if err != nil || p.Verbose() != 4 {
		t.Fatalf("-vvv -v: verbose %d, err %v", p.Verbose(), err)
	}
}

func TestDuplicateKeys(t *testing.T) {
	if _, err := NewParams(append(Common(), Param{Name: "debug"})); err == nil {
		t.Error("debug declared twice (debug_file obsoletes it): no error")
	}
}
