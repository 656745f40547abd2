package meatware

import (
	"strings"
	"testing"
)

// FuzzCheck: any reply is accepted or refused without a panic, and only a
// reply naming the host (in any case) is accepted.
func FuzzCheck(f *testing.F) {
	f.Add(Reply("node1"), "node1")
	f.Add([]byte("meatware reply NODE1\x00junk"), "node1")
	f.Add([]byte("meatware reply node10"), "node1")
	f.Add([]byte{}, "n")
	f.Fuzz(func(t *testing.T, b []byte, host string) {
		if check(b, host) != nil {
			return
		}
		w := strings.Fields(strings.SplitN(string(b), "\x00", 2)[0])
		if len(w) != 3 || !strings.EqualFold(w[2], host) {
			t.Errorf("%q accepted for %q", b, host)
		}
	})
}
