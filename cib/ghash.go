package cib

// Pacemaker's fencer keeps its fencing topology and its devices in GLib
// hash tables keyed by strings and walks them in table order, which
// decides which level wins when several targets match a node. TableOrder
// reproduces that order for GLib 2.74 (the version Pacemaker 2.1.5 runs
// with here): open addressing over a power-of-two table, the first bucket
// (hash*11) modulo the prime below the size, quadratic probing, growth and
// shrinking in place, tombstones for removed keys.

// strHash is Pacemaker's pcmk__str_hash, the hash of its string-keyed
// tables: GLib's g_str_hash before 2.28 (h*31 + c over signed chars),
// kept so that tables iterate in the same order as they always did.
func strHash(s string) uint32 {
	var h uint32
	for i := 0; i < len(s); i++ {
		h = h<<5 - h + uint32(int32(int8(s[i])))
	}
	return h
}

// ghashPrimes is GLib's prime_mod: the prime below each power of two.
var ghashPrimes = [...]uint32{1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381,
	32749, 65521, 131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393,
	67108859, 134217689, 268435399, 536870909, 1073741789, 2147483647}

// ghash is a GHashTable of string keys (pcmk__str_hash, g_str_equal).
type ghash struct {
	hashes    []uint32 // 0: unused; >= 2: the key's hash
	keys      []string
	mod, mask uint32
	nnodes    int
	noccupied int
}

func newGHash() *ghash {
	t := &ghash{}
	t.setShift(3)
	t.hashes, t.keys = make([]uint32, 8), make([]string, 8)
	return t
}

func (t *ghash) setShift(shift int) {
	t.mod = ghashPrimes[shift]
	t.mask = 1<<shift - 1
}

func (t *ghash) index(h uint32) uint32 { return (h * 11) % t.mod }

// lookup is g_hash_table_lookup_node: the slot holding key, else the
// first tombstone met or the unused slot that ended the probe.
func (t *ghash) lookup(key string, h uint32) (uint32, bool) {
	i, step := t.index(h), uint32(0)
	tomb, haveTomb := uint32(0), false
	for t.hashes[i] != 0 {
		if t.hashes[i] == h && t.keys[i] == key {
			return i, true
		}
		if t.hashes[i] == 1 && !haveTomb {
			tomb, haveTomb = i, true
		}
		step++
		i = (i + step) & t.mask
	}
	if haveTomb {
		return tomb, false
	}
	return i, false
}

func realHash(key string) uint32 {
	if h := strHash(key); h >= 2 {
		return h
	}
	return 2
}

// insert adds key unless it is present (g_hash_table_insert and _replace
// keep the slot of an existing key).
func (t *ghash) insert(key string) {
	h := realHash(key)
	i, found := t.lookup(key, h)
	if found {
		return
	}
	wasUnused := t.hashes[i] == 0
	t.hashes[i], t.keys[i] = h, key
	t.nnodes++
	if wasUnused {
		t.noccupied++
		t.maybeResize()
	}
}

// remove leaves a tombstone where key was.
func (t *ghash) remove(key string) {
	i, found := t.lookup(key, realHash(key))
	if !found {
		return
	}
	t.hashes[i], t.keys[i] = 1, ""
	t.nnodes--
	t.maybeResize()
}

func (t *ghash) maybeResize() {
	size := len(t.hashes)
	if (size > t.nnodes*4 && size > 8) || size <= t.noccupied+t.noccupied/16 {
		t.resize()
	}
}

// resize is g_hash_table_resize: the size from nnodes*1.333, tombstones
// cleared, and every entry moved in place, evicting as it goes.
func (t *ghash) resize() {
	oldSize := len(t.hashes)
	shift := 0
	for n := int(float64(t.nnodes) * 1.333); n > 0; n >>= 1 {
		shift++
	}
	shift = max(shift, 3)
	t.setShift(shift)
	size := 1 << shift
	hashes, keys := make([]uint32, max(size, oldSize)), make([]string, max(size, oldSize))
	copy(hashes, t.hashes)
	copy(keys, t.keys)
	moved := make([]bool, max(size, oldSize))
	for i := 0; i < oldSize; i++ {
		h := hashes[i]
		if h < 2 {
			hashes[i] = 0
			continue
		}
		if moved[i] {
			continue
		}
		key := keys[i]
		hashes[i], keys[i] = 0, ""
		for {
			j, step := t.index(h), uint32(0)
			for moved[j] {
				step++
				j = (j + step) & t.mask
			}
			moved[j] = true
			ph, pk := hashes[j], keys[j]
			hashes[j], keys[j] = h, key
			if ph < 2 {
				break
			}
			h, key = ph, pk
		}
	}
	t.hashes, t.keys, t.noccupied = hashes[:size], keys[:size], t.nnodes
}

// order lists the keys as g_hash_table_iter_next visits them.
func (t *ghash) order() []string {
	var out []string
	for i, h := range t.hashes {
		if h >= 2 {
			out = append(out, t.keys[i])
		}
	}
	return out
}

// TableOrder returns the distinct keys, inserted in the given order into
// one of Pacemaker's string-keyed tables (pcmk__strkey_table), in the
// order the table iterates them.
func TableOrder(keys []string) []string {
	t := newGHash()
	for _, k := range keys {
		t.insert(k)
	}
	return t.order()
}
