package fencer

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// garbage returns about size bytes of random lines, none a record.
func garbage(size int, seed uint64) []byte {
	rnd := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for b.Len() < size {
		n := 1 + rnd.IntN(600)
		for range n {
			b.WriteByte(byte(' ' + rnd.IntN(94)))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// damagedHistory writes a history of requests r0..r(n-1) with garbage
// lines between them and returns the number of garbage lines.
func damagedHistory(t testing.TB, path string, n, garbageBytes int) int {
	t.Helper()
	clean := filepath.Join(filepath.Dir(path), "clean")
	h, err := Open(clean)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := h.Begin(Request{ID: fmt.Sprint("r", i), Target: "node2", Action: "reboot", Origin: "node1",
			Client: "controller", Requested: t0}); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	good, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	junk := garbage(garbageBytes, 7)
	lines := bytes.SplitAfter(good, []byte("\n"))
	var out []byte
	// Half of the garbage before the records, half in between.
	out = append(out, junk[:bytes.IndexByte(junk[len(junk)/2:], '\n')+len(junk)/2+1]...)
	rest := junk[len(out):]
	for _, l := range lines {
		out = append(out, l...)
		if cut := bytes.IndexByte(rest, '\n'); cut >= 0 {
			out = append(out, rest[:cut+1]...)
			rest = rest[cut+1:]
		}
	}
	out = append(out, rest...)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return bytes.Count(junk, []byte("\n"))
}

func TestHistoryDamageRepairedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	bad := damagedHistory(t, path, 20, 200<<10)
	h := openHistory(t, path)
	if got := h.Repaired(); got != bad {
		t.Errorf("Repaired() = %d, want the %d garbage lines", got, bad)
	}
	if d := h.Damage(); len(d) > maxDamage || len(d) == 0 {
		t.Errorf("Damage() kept %d entries, want 1..%d", len(d), maxDamage)
	}
	before := asJSON(t, h.Last(0))
	if n := len(h.Last(0)); n != 20 {
		t.Errorf("%d requests kept, want 20", n)
	}
	// The rewritten file is made of records only, and the history goes on.
	data, err := os.ReadFile(path)
	must(t, err)
	for i, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if _, err := decode(line); err != nil {
			t.Fatalf("rewritten file, line %d: %v", i+1, err)
		}
	}
	fenceOK(t, h, "after", "node3")
	must(t, h.Close())
	if _, err := os.Stat(path + compactSuffix); !os.IsNotExist(err) {
		t.Errorf("%s%s left behind: %v", path, compactSuffix, err)
	}
	h2 := openHistory(t, path)
	if h2.Repaired() != 0 || len(h2.Damage()) != 0 {
		t.Errorf("second open: %d repaired, damage %v", h2.Repaired(), h2.Damage())
	}
	rs := h2.Last(0)
	if got := asJSON(t, rs[:len(rs)-1]); got != before {
		t.Errorf("second open: requests changed:\n%s\nwant\n%s", got, before)
	}
	if r, ok := h2.Get("after"); !ok || r.State != StateDone {
		t.Errorf("request appended after the repair: %v %s", ok, r.State)
	}
}

// BenchmarkOpenDamaged measures Open of a history with 10 MB of damaged
// lines around 500 requests: the first open (which repairs the file) and
// the opens after it (of the repaired file).
func BenchmarkOpenDamaged(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "damaged")
	damagedHistory(b, src, 500, 10<<20)
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "history")
	b.Run("first", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			b.StopTimer()
			if err := os.WriteFile(path, data, 0o600); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			h, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			h.Close()
		}
	})
	b.Run("after", func(b *testing.B) {
		for b.Loop() {
			h, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if h.Repaired() != 0 {
				b.Fatal("repaired again")
			}
			h.Close()
		}
	})
}
