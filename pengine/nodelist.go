package pengine

import (
	"encoding/json"
	"slices"
	"strings"
)

// NodeList is a list of node names in the engine's node order. The lists
// that are most of the cluster share one array of names and keep only
// what they leave out, so that a plan naming, for every device and every
// op, the thousands of nodes that may run it stays the size of the
// cluster. A NodeList is read-only; the zero value is empty. In JSON it
// is the plain list of names.
type NodeList struct {
	base *nodeBase
	skip []int // indexes into base.names left out, ascending
}

// nodeBase is the shared array of a family of NodeLists.
type nodeBase struct {
	names []string
	index map[string]int // lower-cased name: its first index
}

func newNodeBase(names []string) *nodeBase {
	b := &nodeBase{names: names, index: make(map[string]int, len(names))}
	for i, n := range names {
		k := strings.ToLower(n)
		if _, ok := b.index[k]; !ok {
			b.index[k] = i
		}
	}
	return b
}

// Nodes is the NodeList of names, in that order.
func Nodes(names ...string) NodeList {
	return NodeList{base: newNodeBase(slices.Clone(names))}
}

// Len is how many names l holds. O(1).
func (l NodeList) Len() int {
	if l.base == nil {
		return 0
	}
	return len(l.base.names) - len(l.skip)
}

// Names are l's names, a new slice. O(Len).
func (l NodeList) Names() []string {
	out := make([]string, 0, l.Len())
	if l.base == nil {
		return out
	}
	next := 0
	for i, n := range l.base.names {
		if next < len(l.skip) && l.skip[next] == i {
			next++
			continue
		}
		out = append(out, n)
	}
	return out
}

// First is l's first name, "" when it is empty.
func (l NodeList) First() string {
	if l.base == nil {
		return ""
	}
	for i, n := range l.base.names {
		if _, skipped := slices.BinarySearch(l.skip, i); !skipped {
			return n
		}
	}
	return ""
}

// ContainsFold tells whether l holds name, ignoring case. O(log of what
// l leaves out), O(Len) when the base has names that differ only in case
// or name is not ASCII.
func (l NodeList) ContainsFold(name string) bool {
	for _, i := range l.indexes(name) {
		if _, skipped := slices.BinarySearch(l.skip, i); !skipped {
			return true
		}
	}
	return false
}

// without is l less every name equal to name ignoring case.
func (l NodeList) without(name string) NodeList {
	out := l
	for _, i := range l.indexes(name) {
		if j, skipped := slices.BinarySearch(out.skip, i); !skipped {
			out.skip = slices.Insert(slices.Clone(out.skip), j, i)
		}
	}
	return out
}

// indexes are the indexes into the base of the names equal to name
// ignoring case, skipped or not.
func (l NodeList) indexes(name string) []int {
	if l.base == nil {
		return nil
	}
	if len(l.base.index) == len(l.base.names) && isASCII(name) {
		if i, ok := l.base.index[strings.ToLower(name)]; ok && strings.EqualFold(l.base.names[i], name) {
			return []int{i}
		}
		return nil
	}
	var out []int
	for i, n := range l.base.names {
		if strings.EqualFold(n, name) {
			out = append(out, i)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// MarshalJSON writes l as a list of names.
func (l NodeList) MarshalJSON() ([]byte, error) { return json.Marshal(l.Names()) }

// UnmarshalJSON reads a list of names.
func (l *NodeList) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	*l = Nodes(names...)
	return nil
}
