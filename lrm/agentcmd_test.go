package lrm

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/internal/peertest"
)

func TestFenceCommandStdin(t *testing.T) {
	c, err := FenceCommand("/usr/sbin/fence_x", "off",
		map[string]string{"port": "node1", "ipaddr": "10.0.0.1", "passwd": "s3cret"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want := "action=off\nipaddr=10.0.0.1\npasswd=s3cret\nport=node1\n"
	if string(c.Stdin) != want || c.Timeout != time.Minute || len(c.Args) != 0 {
		t.Errorf("stdin %q args %v timeout %v", c.Stdin, c.Args, c.Timeout)
	}
	if strings.Contains(c.String(), "s3cret") {
		t.Errorf("String() shows a password: %s", c.String())
	}
	bad := []map[string]string{
		{"passwd": "a\nport=other"}, {"a=b": "x"}, {"": "x"}, {"action": "reboot"}, {"k y": "x"}, {"k": "nul\x00"},
	}
	for _, p := range bad {
		_, err := FenceCommand("/usr/sbin/fence_x", "off", p, 0)
		if err == nil {
			t.Errorf("params %q accepted", p)
			continue
		}
		if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "other") {
			t.Errorf("error leaks the value or spans lines: %q", err)
		}
	}
	if _, err := FenceCommand("/usr/sbin/fence_x", "off\nport=x", nil, 0); err == nil {
		t.Error("action with a newline accepted")
	}
}

func TestOCFCommandEnv(t *testing.T) {
	a := OCFAgent{Provider: "heartbeat", Type: "Dummy"}
	c, err := a.Command(OCFOp{Action: "monitor", Instance: "d1", Params: map[string]string{"state": "/tmp/x"},
		Timeout: 20 * time.Second, Interval: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != "/usr/lib/ocf/resource.d/heartbeat/Dummy" || len(c.Args) != 1 || c.Args[0] != "monitor" {
		t.Errorf("path %s args %v", c.Path, c.Args)
	}
	env := strings.Join(c.Env, "\n") + "\n"
	for _, want := range []string{"OCF_ROOT=/usr/lib/ocf\n", "OCF_RESOURCE_INSTANCE=d1\n", "OCF_RESKEY_state=/tmp/x\n",
		"OCF_RESKEY_CRM_meta_timeout=20000\n", "OCF_RESKEY_CRM_meta_interval=10000\n", "OCF_RESOURCE_TYPE=Dummy\n"} {
		if !strings.Contains(env, want) {
			t.Errorf("environment lacks %q:\n%s", want, env)
		}
	}
	for _, bad := range []OCFAgent{{Provider: "..", Type: "x"}, {Provider: "heartbeat", Type: "../../bin/sh"}, {Provider: "a/b", Type: "x"}} {
		if _, err := bad.Command(OCFOp{Action: "start", Instance: "r"}); err == nil {
			t.Errorf("agent %+v accepted", bad)
		}
	}
	for _, op := range []OCFOp{{Action: "start", Instance: "r", Params: map[string]string{"a b": "x"}},
		{Action: "start", Instance: "r", Params: map[string]string{"CRM_meta_interval": "0"}},
		{Action: "start;x", Instance: "r"}, {Action: "start", Instance: ""}} {
		if _, err := a.Command(op); err == nil {
			t.Errorf("operation %+v accepted", op)
		}
	}
}

func TestExitReason(t *testing.T) {
	in := "INFO: x\nocf-exit-reason:first\nnoise\nocf-exit-reason: No process state file found \n"
	if got := ExitReason([]byte(in)); got != "No process state file found" {
		t.Errorf("ExitReason = %q", got)
	}
	if got := ExitReason([]byte("nothing\n")); got != "" {
		t.Errorf("ExitReason without a reason line = %q", got)
	}
}

// TestOCFDummy drives Debian's ocf:heartbeat:Dummy (package resource-agents)
// through monitor, start, monitor, stop, monitor and checks the OCF codes
// it answers at each step.
func TestOCFDummy(t *testing.T) {
	a := OCFAgent{Provider: "heartbeat", Type: "Dummy"}
	peertest.Program(t, a.Path())
	defer goroutineCheck(t)()
	state := filepath.Join(t.TempDir(), "Dummy-d1.state")
	steps := []struct {
		action string
		want   int
	}{
		{"monitor", OCFNotRunning}, {"start", OCFSuccess}, {"monitor", OCFSuccess},
		{"start", OCFSuccess}, {"stop", OCFSuccess}, {"monitor", OCFNotRunning}, {"stop", OCFSuccess},
		{"validate-all", OCFSuccess}, {"no-such-action", OCFErrUnimplemented},
	}
	for i, s := range steps {
		c, err := a.Command(OCFOp{Action: s.action, Instance: "d1", Params: map[string]string{"state": state},
			Timeout: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), c)
		if err != nil {
			t.Fatalf("step %d %s: %v", i, s.action, err)
		}
		if res.Status != StatusExited || res.ExitCode != s.want {
			t.Fatalf("step %d %s: %v code %d (%s), want %s; stderr %q", i, s.action, res.Status,
				res.ExitCode, OCFCodeName(res.ExitCode), OCFCodeName(s.want), res.Stderr)
		}
		_, statErr := os.Stat(state)
		if running := statErr == nil; running != (s.action == "start" || i == 2) {
			t.Errorf("step %d %s: state file present %v", i, s.action, running)
		}
	}
	c, _ := a.Command(OCFOp{Action: "meta-data", Instance: "d1", Timeout: 20 * time.Second})
	res, err := Run(context.Background(), c)
	if err != nil || !res.Success() || !strings.Contains(string(res.Stdout), `<resource-agent name="Dummy"`) {
		t.Errorf("meta-data: %v %v %.80q", err, res.Err(), res.Stdout)
	}
}

// FuzzFenceCommand checks that no parameter can inject another line: when
// FenceCommand accepts a key and value, reading its standard input back
// gives exactly the action and that parameter.
func FuzzFenceCommand(f *testing.F) {
	f.Add("port", "node1")
	f.Add("passwd", "a\nport=other")
	f.Add("ip addr", "x")
	f.Add("pcmk_host_map", "n1:1;n2:2")
	f.Fuzz(func(t *testing.T, key, raw string) {
		const secret = "s3cr3t" // marks the value, to look for it in errors
		value := secret + raw
		c, err := FenceCommand("/usr/sbin/fence_x", "off", map[string]string{key: value}, 0)
		if err != nil {
			shown := strings.Contains(err.Error(), secret) && !strings.Contains(key, secret)
			if strings.Contains(err.Error(), "\n") || shown {
				t.Fatalf("error spans lines or shows the value: %q", err)
			}
			return
		}
		lines := strings.Split(strings.TrimSuffix(string(c.Stdin), "\n"), "\n")
		if len(lines) != 2 || lines[0] != "action=off" {
			t.Fatalf("stdin %q: want the action and one parameter", c.Stdin)
		}
		k, v, _ := strings.Cut(lines[1], "=")
		if k != key || v != value {
			t.Fatalf("read back %q=%q, want %q=%q", k, v, key, value)
		}
	})
}
