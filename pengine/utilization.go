package pengine

import (
	"math"
	"strings"

	"github.com/executioner-ha/executioner/cib"
)

// placementStrategy is placement-strategy as Pacemaker validates it
// (case-insensitive; an unknown value is "default").
func placementStrategy(m *cib.Model) string {
	v, _ := prop(m, "placement-strategy")
	switch v = strings.ToLower(v); v {
	case "utilization", "minimal", "balanced":
		return v
	}
	return "default"
}

// enoughCapacity is have_enough_capacity for r alone on n's whole
// capacity: with a placement strategy other than default, every
// utilization attribute r requires is at most what n offers. It rules out
// a node whose capacity is too small whatever else runs there; the
// assignment of top-level primitives (assign.go) also subtracts what the
// resources assigned before take.
func (s *scheduler) enoughCapacity(r *rsc, n *node) bool {
	if s.cfg.placement == "default" {
		return true
	}
	for k, v := range r.utilization {
		if utilizationValue(v) > utilizationValue(n.utilization[k]) {
			return false
		}
	}
	return true
}

// utilizationValue is Pacemaker's utilization_value: the integer a value
// starts with, bounded to an int; 0 when it has none.
func utilizationValue(v string) int {
	if v == "" {
		return 0
	}
	n, ok := scanLL(v)
	if !ok {
		return 0
	}
	return int(max(math.MinInt32, min(math.MaxInt32, n)))
}
