package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDemo runs the demo: node3 is fenced by level 1, then by level 2
// after its BMC died, within the 10 s the README promises, and no
// password (the demo's are 16 hex digits) is printed.
func TestDemo(t *testing.T) {
	start := time.Now()
	out, errOut, code := runCLI(t, "", "demo")
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("demo took %v", took)
	}
	for _, want := range []string{
		"history: node3 reboot done by ipmi-node3 (device); level 1 ipmi-node3 reboot: success (result 0)",
		"history: node3 reboot done by pdu (device); level 1 ipmi-node3 reboot: unreachable (result 1); level 2 pdu reboot: success (result 0)",
		"cib: node3 node_state: in_ccm=false crmd=offline join=down expected=down",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	if regexp.MustCompile(`\b[0-9a-f]{16}\b`).MatchString(out + errOut) {
		t.Errorf("demo output holds something like a password:\n%s", out)
	}
}
