package rng

import (
	"strings"
	"testing"
)

// TestFastPathsAgree checks collapse, isInteger and isNCName against the
// definitions they shortcut (strings.Fields, reInteger, reNCName) on every
// string of up to four characters from an alphabet of the cases that
// matter: letters, digits, signs, name punctuation, white space and
// characters beyond ASCII.
func TestFastPathsAgree(t *testing.T) {
	alphabet := []string{"a", "Z", "_", "0", "9", "+", "-", ".", ":", " ", "\t", "\n", "\u00e9", "\u00b7", "\u00a0", "\u2003", "#"}
	var all []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		all = append(all, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			grow(prefix+c, n-1)
		}
	}
	grow("", 4)
	for _, s := range all {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
		if got, want := isInteger(s), reInteger().MatchString(s); got != want {
			t.Errorf("isInteger(%q) = %v, want %v", s, got, want)
		}
		if got, want := isNCName(s), reNCName().MatchString(s); got != want {
			t.Errorf("isNCName(%q) = %v, want %v", s, got, want)
		}
	}
}
