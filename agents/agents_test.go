package agents

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/ocf"
)

func TestIsLocalHost(t *testing.T) {
	cases := []struct {
		target, host string
		want         bool
	}{
		{"node1", "node1", true}, {"NODE1", "node1.example.com", true}, {"node1.example.com", "node1", true},
		{"localhost", "x", true}, {"node10", "node1", false}, {"", "node1", false}, {"node1", "", false},
	}
	for _, c := range cases {
		if got := IsLocalHost(c.target, c.host); got != c.want {
			t.Errorf("IsLocalHost(%q, %q) = %v", c.target, c.host, got)
		}
	}
}

type nop struct{}

func (nop) Metadata(name string) *ocf.Metadata { return &ocf.Metadata{Name: name} }
func (nop) Run(context.Context, *Call) error   { return nil }

func TestRegistry(t *testing.T) {
	r := NewRegistry()
	for _, d := range []string{"dummy", "ipmi", "ipmi-lan", "apc", "apc_snmp"} {
		if err := r.Register(d, nop{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"dummy", "", "Bad", "a.b", "a b"} {
		if r.Register(bad, nop{}) == nil {
			t.Errorf("Register(%q) accepted", bad)
		}
	}
	for name, want := range map[string]string{"fence_exec_dummy": "dummy", "fence_exec_dummy_no_reboot": "dummy",
		"ipmi": "ipmi", "fence_exec_ipmi-lan_x": "ipmi-lan", "fence_exec_apc_snmp": "apc_snmp", "fence_exec_apc_x": "apc",
		"fence_exec_apc_snmp_x": "apc_snmp"} {
		if _, d, ok := r.Lookup(name); !ok || d != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, d, ok, want)
		}
	}
	if _, _, ok := r.Lookup("fence_exec_dummyx"); ok {
		t.Error("fence_exec_dummyx found")
	}
}

func params(t *testing.T, in string) *ocf.Params {
	t.Helper()
	p, err := ocf.ParseStdin(append(ocf.Login("1"), ocf.Common()...), strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPassword runs password_script through the real shell.
func TestPassword(t *testing.T) {
	ctx := context.Background()
	s, err := Password(ctx, params(t, "password=direct\npassword_script=printf 'from script \\n\\n'\n"))
	if err != nil || s.Reveal() != "from script" {
		t.Fatalf("script password %q, err %v", s.Reveal(), err)
	}
	if s, _ := Password(ctx, params(t, "passwd=direct\n")); s.Reveal() != "direct" {
		t.Errorf("password %q", s.Reveal())
	}
	_, err = Password(ctx, params(t, "password_script=echo leaked; exit 3\n"))
	if err == nil || strings.Contains(err.Error(), "leaked") {
		t.Errorf("failing script: err %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := Password(ctx, params(t, "password_script=sleep 30\n")); err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("hanging script: err %v after %v", err, time.Since(start))
	}
}

// TestExecuteRefusesSelf: off and reboot of the local host never reach Run.
func TestExecuteRefusesSelf(t *testing.T) {
	a := &recorder{}
	for _, action := range []string{"off", "reboot"} {
		err := Execute(context.Background(), a, Invocation{Name: "fence_exec_rec",
			Stdin: strings.NewReader("action=" + action + "\nnodename=Host1\n"), Hostname: "host1.example.com"})
		if ocf.CodeOf(err) != ocf.ExitFailure || a.runs != 0 {
			t.Errorf("%s of the local host: err %v, runs %d", action, err, a.runs)
		}
	}
	err := Execute(context.Background(), a, Invocation{Name: "fence_exec_rec",
		Stdin: strings.NewReader("action=off\nport=3\nnodename=host1\n"), Hostname: "host1"})
	if ocf.CodeOf(err) != ocf.ExitFailure || a.runs != 0 {
		t.Errorf("off of plug 3 for the local node: err %v, runs %d", err, a.runs)
	}
	err = Execute(context.Background(), a, Invocation{Name: "fence_exec_rec",
		Stdin: strings.NewReader("action=off\nnodename=host2\n"), Hostname: "host1"})
	if err != nil || a.runs != 1 {
		t.Errorf("off of another host: err %v, runs %d", err, a.runs)
	}
}

type recorder struct{ runs int }

func (r *recorder) Metadata(name string) *ocf.Metadata {
	return &ocf.Metadata{Name: name, Params: append(ocf.Plug(""), ocf.Common()...),
		Actions: []ocf.ActionSpec{{Name: ocf.ActionOff}, {Name: ocf.ActionReboot}, {Name: ocf.ActionMetadata}}}
}
func (r *recorder) Run(context.Context, *Call) error { r.runs++; return nil }

// TestOpError: failures carry agent, action and target, and keep the code.
func TestOpError(t *testing.T) {
	a := &recorder{}
	err := Execute(context.Background(), a, Invocation{Name: "fence_exec_rec", Stdin: strings.NewReader("action=off\nport=h1\n"), Hostname: "h1"})
	var oe *OpError
	if !errors.As(err, &oe) || oe.Action != ocf.ActionOff || oe.Target != "h1" || ocf.CodeOf(err) != ocf.ExitFailure {
		t.Errorf("err %#v", err)
	}
	err = Execute(context.Background(), a, Invocation{Name: "fence_exec_rec", Args: []string{"--bogus"}})
	if !errors.As(err, &oe) || oe.Action != "" || ocf.CodeOf(err) != ocf.ExitFailure {
		t.Errorf("bad option: err %#v", err)
	}
}
