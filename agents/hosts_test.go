package agents

import (
	"slices"
	"testing"
)

func TestHosts(t *testing.T) {
	for in, want := range map[string][]string{
		"A b,c;\td":      {"a", "b", "c", "d"},
		" node1\nnode2 ": {"node1", "node2"},
		",;":             nil,
	} {
		if got := Hosts(in); !slices.Equal(got, want) {
			t.Errorf("Hosts(%q) = %q, want %q", in, got, want)
		}
	}
}
