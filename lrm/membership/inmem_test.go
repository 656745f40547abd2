package membership

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// until reads (the Hub delivers a partition's group change before its
// quorum change)
// until reads m's events until ok accepts one, and returns it.
func until(t *testing.T, m Membership, ok func(Event) bool) Event {
	t.Helper()
	for e := range m.Events() {
		if ok(e) {
			return e
		}
	}
	t.Fatalf("%v: events closed", m.Local())
	return Event{}
}

func groupOf(n int) func(Event) bool {
	return func(e Event) bool { return e.Kind == KindGroup && len(e.Group) == n }
}

func TestHubOrderAndQuorum(t *testing.T) {
	h := NewHub(3)
	var ms []Membership
	for n := uint32(1); n <= 3; n++ {
		h.Boot(n, 1)
		m, err := h.Join(n)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	for _, m := range ms {
		until(t, m, groupOf(3))
	}
	var wg sync.WaitGroup
	for _, m := range ms {
		wg.Go(func() {
			for i := range 50 {
				if err := m.Send(fmt.Appendf(nil, "%d-%d", m.Local().Node, i)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	var first []string
	for _, m := range ms {
		var got []string
		for len(got) < 150 {
			e := until(t, m, func(e Event) bool { return e.Kind == KindMessage })
			got = append(got, string(e.Data))
		}
		if first == nil {
			first = got
		} else if !slices.Equal(got, first) {
			t.Fatalf("%v received another order", m.Local())
		}
	}
	h.Partition([]uint32{3})
	for _, m := range ms[:2] {
		e := until(t, m, func(e Event) bool { return e.Kind == KindQuorum })
		if !e.Quorum.Quorate || !slices.Equal(e.Quorum.Members, []uint32{1, 2}) {
			t.Errorf("%v: %+v, want quorate 1 2", m.Local(), e.Quorum)
		}
	}
	e := until(t, ms[2], func(e Event) bool { return e.Kind == KindQuorum })
	if e.Quorum.Quorate {
		t.Errorf("node 3 alone is quorate: %+v", e.Quorum)
	}
	h.Stop(3)
	if err := ms[2].Send([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("send on a stopped node: %v, want ErrClosed", err)
	}
	for range ms[2].Events() {
	}
}

func TestHubEvenSplitHasNoQuorum(t *testing.T) {
	h := NewHub(4)
	var ms []Membership
	for n := uint32(1); n <= 4; n++ {
		h.Boot(n, 1)
		m, err := h.Join(n)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	for _, m := range ms {
		until(t, m, func(e Event) bool { return e.Kind == KindQuorum && len(e.Quorum.Members) == 4 })
	}
	h.Partition([]uint32{1, 2}, []uint32{3, 4})
	for _, m := range ms {
		g := until(t, m, groupOf(2))
		if len(g.Left) != 2 {
			t.Errorf("%v: %+v, want two left", m.Local(), g)
		}
		e := until(t, m, func(e Event) bool { return e.Kind == KindQuorum })
		if e.Quorum.Quorate || len(e.Quorum.Members) != 2 {
			t.Errorf("%v: %+v, want two members without quorum", m.Local(), e.Quorum)
		}
	}
}
