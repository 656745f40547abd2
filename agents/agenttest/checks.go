package agenttest

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/internal/peertest"
	"github.com/executioner-ha/executioner/ocf"
)

// xmlMetadata is what Pacemaker's fencer reads from the metadata.
type xmlMetadata struct {
	XMLName xml.Name `xml:"resource-agent"`
	Name    string   `xml:"name,attr"`
	Params  []struct {
		Name      string `xml:"name,attr"`
		ShortDesc string `xml:"shortdesc"`
	} `xml:"parameters>parameter"`
	Actions []struct {
		Name string `xml:"name,attr"`
	} `xml:"actions>action"`
}

func (k *kit) testMetadata(t *testing.T) {
	r := k.run(t, ocf.ActionMetadata, nil)
	if r.Code != 0 {
		t.Fatalf("metadata: %v", r)
	}
	var doc xmlMetadata
	if err := xml.Unmarshal([]byte(r.Stdout), &doc); err != nil {
		t.Fatalf("metadata is not XML: %v\n%s", err, r.Stdout)
	}
	if doc.Name != k.cfg.Name {
		t.Errorf("metadata names %q, want %q", doc.Name, k.cfg.Name)
	}
	for _, p := range doc.Params {
		if strings.TrimSpace(p.ShortDesc) == "" {
			t.Errorf("parameter %s has no description", p.Name)
		}
	}
	seen := map[string]bool{}
	for _, a := range doc.Actions {
		if _, err := ocf.ParseAction(a.Name); err != nil || seen[a.Name] {
			t.Errorf("action %q unknown or repeated", a.Name)
		}
		seen[a.Name] = true
	}
	for _, a := range []ocf.Action{ocf.ActionMetadata, ocf.ActionMonitor} {
		if !seen[string(a)] {
			t.Errorf("action %s not advertised", a)
		}
	}
	if alt := k.exec(t, "action=meta-data\n", nil); alt.Stdout != r.Stdout {
		t.Errorf("action=meta-data differs from action=metadata")
	}
	if cli := k.exec(t, "", []string{"-o", "metadata"}); cli.Stdout != r.Stdout {
		t.Errorf("-o metadata differs from action=metadata on stdin")
	}
	validateRNG(t, r.Stdout)
}

// validateRNG checks the metadata against fence-agents' schema with
// xmllint, when both are available (required under CI=true).
func validateRNG(t *testing.T, doc string) {
	xmllint := peertest.Lookup("xmllint")
	rng := filepath.Join(peertest.SharedDir(t), "reference", "fence-agents-metadata.rng")
	if _, err := os.Stat(rng); err != nil || xmllint == "" {
		if peertest.InCI() {
			t.Fatalf("xmllint or ../shared/reference/fence-agents-metadata.rng missing")
		}
		t.Log("xmllint or the schema missing: metadata not validated against the schema")
		return
	}
	f := filepath.Join(t.TempDir(), "metadata.xml")
	if err := os.WriteFile(f, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--relaxng", rng, f).CombinedOutput(); err != nil {
		t.Errorf("metadata invalid against fence-agents' schema: %v\n%s", err, out)
	}
}

func (k *kit) testSelfFence(t *testing.T) {
	if sf, ok := k.cfg.Agent.(agents.SelfFencer); ok && sf.FencesSelf() {
		t.Skip("the agent may fence its own host")
	}
	before := k.power(t)
	for _, a := range []ocf.Action{ocf.ActionOff, ocf.ActionReboot} {
		if !k.md.Has(a) {
			continue
		}
		p := WithTarget(k.cfg.Params, Hostname)
		r := k.exec(t, Stdin(a, p), nil)
		if r.Code != ocf.ExitFailure {
			t.Errorf("%s of the local host: %v, want a refusal", a, r)
		}
		if after := k.power(t); after != before {
			t.Errorf("%s of the local host changed the power from %v to %v", a, before, after)
		}
	}
}

// power reads the device side; "" when the agent has no device.
func (k *kit) power(t *testing.T) string {
	if k.cfg.Power == nil {
		return ""
	}
	p, err := k.cfg.Power()
	if err != nil {
		t.Fatalf("reading the device's power state: %v", err)
	}
	return p.String()
}

func (k *kit) testPower(t *testing.T) {
	if k.cfg.Power == nil {
		t.Skip("no device side to confirm power states against")
	}
	steps := []struct {
		action ocf.Action
		want   ocf.Power
	}{{ocf.ActionOff, ocf.PowerOff}, {ocf.ActionOff, ocf.PowerOff}, {ocf.ActionOn, ocf.PowerOn},
		{ocf.ActionReboot, ocf.PowerOn}, {ocf.ActionOn, ocf.PowerOn}}
	for _, s := range steps {
		if !k.md.Has(s.action) {
			continue
		}
		r := k.run(t, s.action, k.debugging(t))
		got := k.power(t)
		if r.Code == 0 && got != s.want.String() {
			t.Errorf("%s succeeded but the device reports power %s: %v", s.action, got, r)
		}
		if r.Code != 0 {
			t.Errorf("%s against a working device: %v", s.action, r)
		}
		if k.md.Has(ocf.ActionStatus) {
			st := k.run(t, ocf.ActionStatus, nil)
			if want := map[string]int{"ON": 0, "OFF": 2}[got]; st.Code != want {
				t.Errorf("status after %s (device says %s): %v", s.action, got, st)
			}
		}
	}
}

// debugging returns the parameters of a run at the highest verbosity with
// a debug file, whose content joins the outputs the secrets check reads.
func (k *kit) debugging(t *testing.T) map[string]string {
	f := filepath.Join(t.TempDir(), "debug.log")
	t.Cleanup(func() {
		b, _ := os.ReadFile(f)
		k.mu.Lock()
		k.out = append(k.out, string(b))
		k.mu.Unlock()
	})
	return map[string]string{"verbose": "1", "verbose_level": "9", "debug_file": f}
}

// testSecrets: with -v at every level and a debug file, the agent logs
// what it does (on stderr and in the file) and no output of any run of the
// kit shows a secret.
func (k *kit) testSecrets(t *testing.T) {
	extra := k.debugging(t)
	r := k.run(t, k.probe(), extra)
	if _, verbose := k.md.Param("verbose"); verbose && !strings.Contains(r.Stderr, "DEBUG: ") {
		t.Errorf("%s with verbose logs no debug lines: stderr %q", k.probe(), r.Stderr)
	}
	if _, file := k.md.Param("debug_file"); file {
		b, err := os.ReadFile(extra["debug_file"])
		if err != nil || !strings.Contains(string(b), " DEBUG: ") {
			t.Errorf("%s with verbose and a debug file: no debug lines in it (%v): %q", k.probe(), err, b)
		}
	}
	quiet := k.run(t, k.probe(), map[string]string{"verbose": "1", "quiet": "1"})
	if quiet.Stderr != "" {
		t.Errorf("%s with quiet wrote to stderr: %q", k.probe(), quiet.Stderr)
	}
	secrets := append([]string(nil), k.cfg.Secrets...)
	for name, v := range k.cfg.Params {
		if p, ok := k.md.Param(name); ok && p.Secret {
			secrets = append(secrets, v)
		}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, s := range secrets {
		if len(s) < 3 {
			t.Errorf("secret %q too short to check for; use a longer one in the test", s)
			continue
		}
		for i, out := range k.out {
			if strings.Contains(out, s) {
				t.Errorf("a secret was printed (output %d of %d)", i+1, len(k.out))
				break
			}
		}
	}
	if len(secrets) == 0 {
		t.Log("no secrets configured")
	}
}

// testCounterpart compares the metadata with the fence-agents agent it
// replaces (run with -o metadata): every parameter of it must be declared
// here (implemented or marked unsupported); its actions this agent does
// not answer are listed.
func (k *kit) testCounterpart(t *testing.T) {
	if k.cfg.Counterpart == "" {
		t.Skip("no fence-agents counterpart")
	}
	cmd := exec.Command(peertest.Program(t, k.cfg.Counterpart), "-o", "metadata")
	cmd.Env = append(os.Environ(), "PYTHONWARNINGS=ignore")
	out, err := cmd.Output()
	var theirs xmlMetadata
	if err == nil {
		err = xml.Unmarshal(out, &theirs)
	}
	if err != nil {
		t.Fatalf("%s -o metadata: %v", k.cfg.Counterpart, err)
	}
	for _, p := range theirs.Params {
		if _, ok := k.md.Param(p.Name); !ok {
			t.Errorf("%s's parameter %s is not declared (it would be ignored as unknown): implement it or declare it Unsupported", k.cfg.Counterpart, p.Name)
		}
	}
	for _, a := range theirs.Actions { // an action not declared is refused, never ignored: only noted
		act, err := ocf.ParseAction(a.Name)
		if _, ok := k.md.Action(act); err != nil || !ok {
			t.Logf("%s's action %s is not answered by this agent", k.cfg.Counterpart, a.Name)
		}
	}
}
