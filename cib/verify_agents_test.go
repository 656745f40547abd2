package cib

import (
	"errors"
	"strings"
	"testing"
)

// TestVerifyAgents: only devices of known agents are checked, any of a
// requirement's names satisfies it, an empty value does not, a value the
// agent refuses is an error and one it ignores a warning, a parameter
// neither the agent's nor the fencer's is a warning, and the findings
// come errors first after the ones given.
func TestVerifyAgents(t *testing.T) {
	doc, err := Parse([]byte(`<cib><configuration><crm_config/><nodes/><resources>
<primitive id="a" class="stonith" type="known"><instance_attributes id="a-ia"><nvpair id="a1" name="old" value="x"/></instance_attributes></primitive>
<primitive id="b" class="stonith" type="known"><instance_attributes id="b-ia"><nvpair id="b1" name="new" value=" "/></instance_attributes></primitive>
<primitive id="c" class="stonith" type="unknown"/>
<primitive id="d" class="stonith" type="known" template="t"/>
<primitive id="e" class="stonith" type="known"><instance_attributes id="e-ia"><nvpair id="e1" name="new" value="x"/>
  <nvpair id="e2" name="num" value="bad"/><nvpair id="e3" name="flag" value="bad"/><nvpair id="e4" name="nmu" value="1"/>
  <nvpair id="e5" name="pcmk_host_list" value="n1"/></instance_attributes></primitive>
</resources><constraints/></configuration><status/></cib>`))
	if err != nil {
		t.Fatal(err)
	}
	bad := func(v string) error {
		if v == "bad" {
			return errors.New("bad value")
		}
		return nil
	}
	params := func(agent string) (Agent, bool) {
		return Agent{Params: []AgentParam{
			{Names: []string{"new", "old"}, Required: true},
			{Names: []string{"num"}, Check: bad},
			{Names: []string{"flag"}, Check: bad, Lenient: true},
		}}, agent == "known"
	}
	given := []Finding{{Severity: Warning, Check: "w", ID: "z"}}
	var got []string
	for _, f := range doc.VerifyAgents(given, params) {
		got = append(got, f.Severity.String()+" "+f.ID+" "+f.Check+" "+f.Message)
	}
	want := []string{
		"error b agent-params known requires parameter new (or old): add params new=...",
		"error e agent-params known: bad value: the agent refuses it; correct it",
		"warning z w ",
		"warning e agent-params known: bad value: the agent ignores it",
		"warning e agent-params nmu is not a parameter of known: the agent ignores it; check the spelling",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
