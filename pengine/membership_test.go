package pengine

import (
	"testing"
)

// TestEpochMembership: a CIB written by Pacemaker 2.1.7 or later records
// in_ccm and crmd as epoch times (0 when out); read that way it plans
// exactly as the same CIB in the boolean format.
func TestEpochMembership(t *testing.T) {
	for _, name := range []string{"lost-node", "crmd-down", "healthy", "terminate-already-down", "clean-down"} {
		want := mustPlan(t, caseModel(t, name)).Fences()
		m := caseModel(t, name)
		m.FeatureSet = "3.19.0"
		for i := range m.NodeStates {
			st := &m.NodeStates[i]
			if st.InCCM != nil {
				v := "0"
				if *st.InCCM == "true" {
					v = "1700000000"
				}
				st.InCCM = &v
			}
			st.Crmd = map[string]string{"online": "1700000100", "offline": "0"}[st.Crmd]
		}
		if got := mustPlan(t, m).Fences(); !sameLines(got, want) {
			t.Errorf("%s: epoch format plans %q, boolean format %q", name, got, want)
		}
	}
}
