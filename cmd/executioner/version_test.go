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
