package agenttest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// Config describes an agent under test and the device it may drive.
type Config struct {
	Agent agents.Agent
	// Name is the installed name to run it under (fence_exec_ipmi).
	Name string
	// Params reach a working test device (secrets included), without
	// action and target keys.
	Params map[string]string
	// Target is a node the agent may fence in the test (not Hostname).
	Target string
	// Power reads the target's power state from the device side (the
	// simulator's state, not through the agent). Nil for agents that touch
	// no device (null, dummy); the power checks are then skipped.
	Power func() (ocf.Power, error)
	// Secrets are extra values that must never be printed; the values of
	// the parameters the metadata marks secret are always included.
	Secrets []string
	// Timeout bounds each run (default 60 s).
	Timeout time.Duration
	// Counterpart is the fence-agents agent this one replaces
	// (fence_ipmilan), when there is one: every parameter its metadata
	// declares must be declared here too, implemented or marked
	// unsupported, so that none is ever ignored as unknown.
	Counterpart string
}

// kit carries one Run's state: the config and every output seen.
type kit struct {
	cfg Config
	md  *ocf.Metadata
	mu  sync.Mutex
	out []string
}

// Run runs the conformance checks (see the package documentation) as
// subtests of t.
func Run(t *testing.T, cfg Config) {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 60 * time.Second
	}
	k := &kit{cfg: cfg, md: cfg.Agent.Metadata(cfg.Name)}
	t.Run("metadata", k.testMetadata)
	t.Run("actions", k.testActions)
	t.Run("stdin-argv", k.testStdinArgv)
	t.Run("unknown-keys", k.testUnknownKeys)
	t.Run("unknown-action", k.testUnknownAction)
	t.Run("garbage", k.testGarbage)
	t.Run("self-fence", k.testSelfFence)
	t.Run("power", k.testPower)
	t.Run("counterpart", k.testCounterpart)
	t.Run("secrets", k.testSecrets)
}

// exec runs the agent and records its output for the secrets check.
func (k *kit) exec(t *testing.T, stdin string, args []string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), k.cfg.Timeout)
	defer cancel()
	r := Exec(ctx, k.cfg.Agent, k.cfg.Name, stdin, args)
	k.mu.Lock()
	k.out = append(k.out, r.Stdout, r.Stderr)
	k.mu.Unlock()
	return r
}

// run runs action with the configured parameters (and the target for
// targeted actions) on stdin.
func (k *kit) run(t *testing.T, action ocf.Action, extra map[string]string) Result {
	t.Helper()
	return k.exec(t, Stdin(action, k.params(action, extra)), nil)
}

func (k *kit) params(action ocf.Action, extra map[string]string) map[string]string {
	p := k.cfg.Params
	if action.NeedsTarget() || action == ocf.ActionValidateAll {
		p = WithTarget(p, k.cfg.Target)
	} else {
		p = WithTarget(p, "")
	}
	for key, v := range extra {
		p[key] = v
	}
	return p
}

// answers lists the advertised actions that the kit runs without side
// effects on the target's power.
func (k *kit) answers() []ocf.Action {
	var as []ocf.Action
	for _, a := range k.md.Actions {
		switch {
		case a.Name == ocf.ActionOn || a.Name == ocf.ActionOff || a.Name == ocf.ActionReboot || !k.md.Accepts(a.Name):
		default:
			as = append(as, a.Name)
		}
	}
	return as
}

func (k *kit) testActions(t *testing.T) {
	for _, a := range k.answers() {
		r := k.run(t, a, nil)
		want := map[int]bool{ocf.ExitOK: true}
		if a == ocf.ActionStatus {
			want[ocf.ExitOff] = true
		}
		if !want[r.Code] {
			t.Errorf("action %s: %v", a, r)
		}
		if (a == ocf.ActionList || a == ocf.ActionListStatus) && r.Code == 0 && strings.TrimSpace(r.Stdout) == "" {
			t.Errorf("action %s: no output", a)
		}
	}
}

// probe is the action used to compare runs: status if advertised, else
// monitor.
func (k *kit) probe() ocf.Action {
	if k.md.Has(ocf.ActionStatus) {
		return ocf.ActionStatus
	}
	return ocf.ActionMonitor
}

func (k *kit) testStdinArgv(t *testing.T) {
	a := k.probe()
	params := k.params(a, nil)
	viaStdin := k.run(t, a, nil)
	viaArgs := k.exec(t, "", Args(k.md, a, params))
	if viaStdin.Code != viaArgs.Code || viaStdin.Stdout != viaArgs.Stdout {
		t.Errorf("%s via stdin: %v\nvia options %q: %v", a, viaStdin, Args(k.md, a, params), viaArgs)
	}
}

func (k *kit) testUnknownKeys(t *testing.T) {
	a := k.probe()
	plain := k.run(t, a, nil)
	extra := k.run(t, a, map[string]string{"agenttest_unknown_key": "1", "pcmk_host_list": "x y", "crm_feature_set": "3.16.2"})
	if plain.Code != extra.Code || plain.Stdout != extra.Stdout {
		t.Errorf("%s without unknown keys: %v\nwith them: %v", a, plain, extra)
	}
	if !strings.Contains(extra.Stderr, "agenttest_unknown_key") {
		t.Errorf("no warning naming the unknown key: %v", extra)
	}
}

func (k *kit) testUnknownAction(t *testing.T) {
	r := k.run(t, "no-such-action", nil)
	if r.Code != ocf.ExitFailure || !strings.Contains(r.Stderr, "no-such-action") {
		t.Errorf("unknown action: %v, want exit 1 naming it", r)
	}
}

func (k *kit) testGarbage(t *testing.T) {
	inputs := []string{
		"action=monitor\n\x00\xff\xfe=\x01\n=\n==\n\"\n",
		"action=monitor\n" + strings.Repeat("k", 100000) + "=v\n",
		"action=" + strings.Repeat("x", 5000) + "\n",
		"action=off\ndelay=forever\n",
		strings.Repeat("a", ocf.MaxInput+10),
	}
	for _, in := range inputs {
		r := k.exec(t, in, nil)
		if r.Code != ocf.ExitOK && r.Code != ocf.ExitFailure && r.Code != ocf.ExitOff {
			t.Errorf("garbage %.40q: %v", in, r)
		}
	}
}
