package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestDispatch(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(os.Args[0], "fence_exec", nil, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "fence_exec_ipmi\n") {
		t.Errorf("fence_exec: exit %d, stdout %q", code, out.String())
	}
	// every name listed (what make install links) runs its agent
	for _, name := range strings.Fields(out.String()) {
		var md bytes.Buffer
		if code := run(os.Args[0], name, []string{"-o", "metadata"}, nil, &md, &errb); code != 0 || !strings.Contains(md.String(), `<resource-agent name="`+name+`"`) {
			t.Errorf("listed %s: metadata exit %d", name, code)
		}
	}
	if !strings.Contains(out.String(), "fence_exec_dummy_no_reboot\n") {
		t.Errorf("fence_exec does not list the dummy variants: %q", out.String())
	}
	out.Reset()
	if code := run(os.Args[0], "fence_exec_nosuch", nil, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "no such agent") {
		t.Errorf("unknown agent: exit %d, stderr %q", code, errb.String())
	}
	for _, name := range append([]string{"fence_exec_dummy", "fence_exec_null", "fence_exec_ipmi"}, "fence_exec_dummy_no_on") {
		out.Reset()
		code := run(os.Args[0], name, []string{"-o", "metadata"}, nil, &out, &errb)
		if code != 0 || !strings.Contains(out.String(), `<resource-agent name="`+name+`"`) {
			t.Errorf("%s metadata: exit %d, %q", name, code, out.String())
		}
	}
}
