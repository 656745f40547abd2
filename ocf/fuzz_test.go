package ocf

import (
	"strings"
	"testing"
)

// FuzzParseStdin: any stdin gives parameters or an *Error, never a panic;
// a secret never shows in the dump; only declared parameters are stored.
func FuzzParseStdin(f *testing.F) {
	f.Add("action=off\nnodename=node1\nport=node1\nip=10.0.0.1\nlogin=admin\npasswd=pw\nlanplus=1\n")
	f.Add("# c\n\"quoted\"=\"v\"\nmethod=CYCLE\npower_wait=2.5\n=\nfoo\n")
	f.Add("action=metadata\n")
	f.Add("password=sekrit\nlanplus=sekrit\nipport=sekrit\n")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ParseStdin(testSpec(), strings.NewReader(in))
		if err != nil {
			if CodeOf(err) != ExitFailure {
				t.Fatalf("error %v has exit code %d", err, CodeOf(err))
			}
			return
		}
		pw := p.Secret("password").Reveal()
		if pw != "" && strings.Contains(p.Dump(), "password="+pw+"\n") && pw != "[hidden]" {
			t.Fatalf("password shown in dump %q", p.Dump())
		}
		for _, n := range p.Names() {
			if _, ok := p.lookup(n); !ok {
				t.Fatalf("undeclared parameter %q stored", n)
			}
		}
	})
}

// FuzzParseArgs: any argv gives parameters or an *Error, never a panic.
func FuzzParseArgs(f *testing.F) {
	f.Add("-o\x00off\x00--ip=h\x00-u623\x00-P\x00-vv\x00--password-script\x00echo x")
	f.Add("--\x00x")
	f.Add("-a")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		p, err := ParseArgs(testSpec(), args)
		if err != nil {
			if CodeOf(err) != ExitFailure {
				t.Fatalf("error %v has exit code %d", err, CodeOf(err))
			}
			return
		}
		_ = p.Dump()
		if _, err := p.Action(); err != nil && CodeOf(err) != ExitFailure {
			t.Fatalf("action error %v", err)
		}
	})
}
