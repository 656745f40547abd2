package lrm

import (
	"strings"
	"testing"
	"time"
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
