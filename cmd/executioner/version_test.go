package main

import (
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents"
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
