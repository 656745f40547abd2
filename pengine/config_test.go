package pengine

import "testing"

func TestIntervalMS(t *testing.T) {
	for in, want := range map[string]int64{
		"": 0, "0": 0, "10": 10000, "10s": 10000, "500ms": 500, "2min": 120000, "1h": 3600000,
		"P10S": 10000, "PT10S": 10000, "PT1M30S": 90000, "P1D": 86400000, "PT": 0, "x": -1, "10 furlongs": -1,
	} {
		if got := intervalMS(in); got != want {
			t.Errorf("intervalMS(%q) = %d, want %d", in, got, want)
		}
	}
}

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
