package pengine

import "testing"

func TestCmpNodeName(t *testing.T) {
	ordered := []string{"node1", "Node2", "node9", "node10", "node10a", "node010", "nodeb", "x"}
	for i := range ordered {
		for j := range ordered {
			want := cmpInt(i, j)
			if got := cmpNodeName(ordered[i], ordered[j]); got != want {
				t.Errorf("cmpNodeName(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}
