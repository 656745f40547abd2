package cib

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// glibOrder runs each sequence of operations ("+key" inserts, "-key"
// removes) on a real GLib GHashTable through Python's ctypes, hashed as
// Pacemaker's pcmk__strkey_table hashes (pcmk__str_hash, rewritten here
// as a callback) with g_str_equal, and returns the iteration order after
// each sequence.
const glibOrder = `
import ctypes, json, sys
g = ctypes.CDLL("libglib-2.0.so.0")
g.g_hash_table_new.restype = ctypes.c_void_p
g.g_hash_table_new.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
for f in ("g_hash_table_insert",):
    getattr(g, f).argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
g.g_hash_table_remove.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
g.g_hash_table_iter_init.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
g.g_hash_table_iter_next.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
g.g_hash_table_iter_next.restype = ctypes.c_int
HASH = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p)
def x31(p):
    h = 0
    for c in ctypes.string_at(p):
        h = (h * 31 + (c - 256 if c > 127 else c)) & 0xffffffff
    return h
hashfn = HASH(x31)
h = ctypes.cast(hashfn, ctypes.c_void_p).value
e = ctypes.cast(g.g_str_equal, ctypes.c_void_p).value
out = []
keep = []
for ops in json.load(sys.stdin):
    t = g.g_hash_table_new(h, e)
    for op in ops:
        b = ctypes.create_string_buffer(bytes.fromhex(op[1:]))
        keep.append(b)
        p = ctypes.cast(b, ctypes.c_void_p)
        if op[0] == "+":
            g.g_hash_table_insert(t, p, p)
        else:
            g.g_hash_table_remove(t, p)
    it = ctypes.create_string_buffer(128)
    g.g_hash_table_iter_init(it, t)
    k = ctypes.c_char_p()
    order = []
    while g.g_hash_table_iter_next(it, ctypes.byref(k), None):
        order.append(k.value.hex())
    out.append(order)
json.dump(out, sys.stdout)
`

// TestGHashMatchesGLib checks the table order against GLib itself on
// random keys (bytes above 0x7f included: the hash reads signed chars),
// with growth, removals and reuse of tombstones.
func TestGHashMatchesGLib(t *testing.T) {
	py := peertest.Program(t, "python3")
	rnd := rand.New(rand.NewPCG(1, 2))
	alphabet := "abcNODE0123456789-_.[]^$*=\xe9\xff"
	var seqs [][]string
	for n := range 300 {
		var keys []string
		for range 1 + n%45 {
			var b strings.Builder
			for range 1 + rnd.IntN(10) {
				b.WriteByte(alphabet[rnd.IntN(len(alphabet))])
			}
			keys = append(keys, b.String())
		}
		var ops []string
		for _, k := range keys {
			ops = append(ops, "+"+k)
			if rnd.IntN(4) == 0 {
				ops = append(ops, "-"+keys[rnd.IntN(len(keys))])
			}
		}
		seqs = append(seqs, ops)
	}
	hexed := make([][]string, len(seqs))
	for i, ops := range seqs {
		for _, op := range ops {
			hexed[i] = append(hexed[i], op[:1]+hexString(op[1:]))
		}
	}
	in, _ := json.Marshal(hexed)
	cmd := exec.Command(py, "-c", glibOrder)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		peertest.SkipOrFail(t, "python3 with GLib's libglib-2.0.so.0: %v", err)
	}
	var want [][]string
	if err := json.Unmarshal(out, &want); err != nil || len(want) != len(seqs) {
		t.Fatalf("GLib's answer: %v (%d orders)", err, len(want))
	}
	for i, ops := range seqs {
		tbl := newGHash()
		for _, op := range ops {
			if op[0] == '+' {
				tbl.insert(op[1:])
			} else {
				tbl.remove(op[1:])
			}
		}
		var got []string
		for _, k := range tbl.order() {
			got = append(got, hexString(k))
		}
		if !slices.Equal(got, want[i]) {
			t.Errorf("after %q:\ngot  %q\nGLib %q", ops, got, want[i])
		}
	}
}

func hexString(s string) string { return hex.EncodeToString([]byte(s)) }
