package pengine

import "slices"

// locations indexes the location constraints by the resources they name,
// so that the placement questions, asked for every resource on every node,
// look only at the constraints that can apply instead of all of them.
type locations struct {
	byRsc    map[string][]int // constraints naming a resource (rsc or a resource set member), as indexes into Model.Locations
	patterns []int            // constraints with an rsc-pattern, which may name any resource
	scratch  []int
}

// candidates lists, in document order, the location constraints that may
// apply to r: those naming r or an ancestor and those with a pattern.
// Whether one does is still locationApplies's to say. The slice is reused
// by the next call. O(constraints on r and its ancestors).
func (s *scheduler) candidates(r *rsc) []int {
	x := &s.locIndex
	if x.byRsc == nil {
		x.byRsc = map[string][]int{}
		for i, l := range s.m.Locations {
			if l.RscPattern != "" {
				x.patterns = append(x.patterns, i)
			}
			for _, id := range append([]string{l.Rsc}, l.Set...) {
				if id != "" && (len(x.byRsc[id]) == 0 || x.byRsc[id][len(x.byRsc[id])-1] != i) {
					x.byRsc[id] = append(x.byRsc[id], i)
				}
			}
		}
	}
	if r.parent == nil && len(x.patterns) == 0 {
		return x.byRsc[r.id]
	}
	out := x.scratch[:0]
	for a := r; a != nil; a = a.parent {
		out = append(out, x.byRsc[a.id]...)
	}
	out = append(out, x.patterns...)
	slices.Sort(out)
	out = slices.Compact(out)
	x.scratch = out
	return out
}
