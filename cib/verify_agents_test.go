package cib

import (
	"strings"
	"testing"
)

// TestVerifyAgents: only devices of known agents are checked, any of a
// requirement's names satisfies it, an empty value does not, and the
// findings come errors first after the ones given.
func TestVerifyAgents(t *testing.T) {
	doc, err := Parse([]byte(`<cib><configuration><crm_config/><nodes/><resources>
<primitive id="a" class="stonith" type="known"><instance_attributes id="a-ia"><nvpair id="a1" name="old" value="x"/></instance_attributes></primitive>
<primitive id="b" class="stonith" type="known"><instance_attributes id="b-ia"><nvpair id="b1" name="new" value=" "/></instance_attributes></primitive>
<primitive id="c" class="stonith" type="unknown"/>
<primitive id="d" class="stonith" type="known" template="t"/>
</resources><constraints/></configuration><status/></cib>`))
	if err != nil {
		t.Fatal(err)
	}
	params := func(agent string) ([][]string, bool) { return [][]string{{"new", "old"}}, agent == "known" }
	given := []Finding{{Severity: Warning, Check: "w", ID: "z"}}
	var got []string
	for _, f := range doc.VerifyAgents(given, params) {
		got = append(got, f.Severity.String()+" "+f.ID+" "+f.Check)
	}
	if want := "error b agent-params|warning z w"; strings.Join(got, "|") != want {
		t.Errorf("findings %q, want %q", got, want)
	}
}
