package pengine

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/executioner-ha/executioner/internal/peertest"
)

// differentialSeeds are replayed on every run; one random seed is added.
var differentialSeeds = []int64{1, 2, 3, 4, 5, 6, 7, 8}

const (
	// ciMutantsPerSeed gives 2,250 mutants a run with the random seed.
	ciMutantsPerSeed = 250
	// ciMinMutants is how many mutants Pacemaker must accept in CI.
	ciMinMutants = 2000
	// defaultDate is the evaluation time of a mutant that has no
	// execution-date, so that failure expiry does not depend on the clock.
	defaultDate = 1780000000
)

// mutant is one perturbed shared case.
type mutant struct {
	seed  int64
	index int
	base  string
	what  []string
	data  []byte
	// want is Pacemaker's fence list; ok is false when it refused the CIB.
	want []string
	ok   bool
}

func (mu *mutant) name() string {
	return fmt.Sprintf("%d-%d-%s", mu.seed, mu.index, strings.TrimSuffix(filepath.Base(mu.base), ".xml"))
}

// makeMutant derives mutant i of a seed: a shared case picked at random,
// with one to three random changes.
func makeMutant(t *testing.T, inputs []string, seed int64, i int) *mutant {
	rng := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	mu := &mutant{seed: seed, index: i, base: inputs[rng.Intn(len(inputs))]}
	data, err := os.ReadFile(mu.base)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := parseTree(data)
	if err != nil {
		t.Fatalf("%s: %v", mu.base, err)
	}
	m := &mutator{rng: rng, root: tree}
	for n := 1 + rng.Intn(3); n > 0; n-- {
		mu.what = append(mu.what, m.mutate())
	}
	if cib := tree.child("cib"); cib != nil && cib.get("execution-date") == "" {
		cib.set("execution-date", strconv.Itoa(defaultDate))
	}
	mu.data = tree.bytes()
	return mu
}

// differentialPlan says which mutants to run: every seed's, or one seed's
// (PENGINE_SEED), or one mutant's (PENGINE_SEED and PENGINE_MUTANT).
func differentialPlan(t *testing.T) (seeds []int64, perSeed int, only int) {
	perSeed, _ = strconv.Atoi(os.Getenv("PENGINE_DIFFERENTIAL"))
	switch {
	case perSeed > 0:
	case os.Getenv("CI") == "true":
		perSeed = ciMutantsPerSeed
	case testing.Short():
		t.Skip("short: the differential test runs crm_simulate once per mutant")
	default:
		perSeed = 10
	}
	only = -1
	if v := os.Getenv("PENGINE_SEED"); v != "" {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("PENGINE_SEED=%q: %v", v, err)
		}
		if v := os.Getenv("PENGINE_MUTANT"); v != "" {
			if only, err = strconv.Atoi(v); err != nil {
				t.Fatalf("PENGINE_MUTANT=%q: %v", v, err)
			}
		}
		return []int64{s}, perSeed, only
	}
	random := rand.Int63n(1 << 40)
	t.Logf("random seed %d (replay with PENGINE_SEED=%d)", random, random)
	return append(append([]int64(nil), differentialSeeds...), random), perSeed, only
}

// TestDifferential compares Plan with Pacemaker's scheduler on random
// mutants of the shared conformance cases (see mutate_test.go for what is
// changed): a fixed list of seeds plus one random seed per run, each
// giving PENGINE_DIFFERENTIAL mutants (250 under CI, 10 otherwise).
// Pacemaker's answer comes from pacemaker-fences, run in parallel worker
// processes. PENGINE_SEED (and PENGINE_MUTANT) replays one seed (one
// mutant); PENGINE_DIFFERENTIAL_KEEP=DIR keeps each mismatching mutant with
// Pacemaker's answer as DIR/NAME.xml and NAME.fences, the layout of the
// conformance runner's --cases (PENGINE_DIFFERENTIAL_KEEP_ALL=1 keeps every
// mutant). Every fixed-seed mutant must agree with Pacemaker unless
// testdata/differential-known.txt lists it with the rule the engine lacks
// (and a listed one that agrees fails, so the list only shrinks); the
// random seed's differences are logged with the line that replays them,
// where they fail.
func TestDifferential(t *testing.T) {
	seeds, perSeed, only := differentialPlan(t)
	peertest.Program(t, "crm_simulate")
	dir := filepath.Join(peertest.Shared(t), "conformance", "scheduler")
	inputs, _ := filepath.Glob(filepath.Join(dir, "cases", "*.xml"))
	if len(inputs) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	sort.Strings(inputs)
	var all []*mutant
	for _, seed := range seeds {
		for i := 0; i < perSeed; i++ {
			if only < 0 || i == only {
				all = append(all, makeMutant(t, inputs, seed, i))
			}
		}
	}
	askPacemaker(t, filepath.Join(dir, "pacemaker-fences"), all)
	known := knownMismatches(t)
	fixed := map[int64]bool{}
	for _, s := range differentialSeeds {
		fixed[s] = true
	}
	accepted, mismatches, explored := 0, 0, 0
	for _, mu := range all {
		if !mu.ok {
			continue // Pacemaker refuses some mutants
		}
		accepted++
		p, err := Plan(parseModel(t, mu.data))
		if err != nil {
			t.Fatalf("%s: %v", mu.name(), err)
		}
		got := p.Fences()
		same := sameLines(got, mu.want)
		reason, isKnown := known[mu.name()]
		report := fmt.Sprintf("%s (PENGINE_SEED=%d PENGINE_MUTANT=%d) mutated %q:\nwant %q\ngot  %q",
			mu.name(), mu.seed, mu.index, mu.what, mu.want, got)
		switch {
		case same && isKnown:
			t.Errorf("%s is listed in %s (%s) but now agrees with Pacemaker: remove it", mu.name(), knownFile, reason)
		case same:
		case isKnown:
			t.Logf("known difference (%s): %s", reason, report)
		case len(seeds) > 1 && !fixed[mu.seed]:
			// The random seed explores; what it finds is replayed with
			// PENGINE_SEED, where it fails.
			explored++
			t.Logf("random seed found a difference: %s", report)
		default:
			mismatches++
			t.Error(report)
		}
		keepMutant(t, mu, !same)
	}
	t.Logf("%d mutants, %d accepted by Pacemaker, %d mismatches (%d known, %d on the random seed)",
		len(all), accepted, mismatches, len(known), explored)
	if os.Getenv("CI") == "true" && only < 0 && accepted < ciMinMutants {
		t.Errorf("only %d mutants accepted by Pacemaker, want at least %d", accepted, ciMinMutants)
	}
}

// knownFile lists the fixed-seed mutants known to differ from Pacemaker:
// one name a line, then the rule the engine lacks.
const knownFile = "testdata/differential-known.txt"

func knownMismatches(t *testing.T) map[string]string {
	data, err := os.ReadFile(knownFile)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, " ")
		out[name] = strings.TrimSpace(reason)
	}
	return out
}

// TestMutants builds every mutant the differential test uses in CI and
// checks each is still a CIB the engine reads and plans.
func TestMutants(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join(peertest.Shared(t), "conformance", "scheduler", "cases", "*.xml"))
	if len(inputs) == 0 {
		t.Skip("no shared conformance cases")
	}
	sort.Strings(inputs)
	for _, seed := range differentialSeeds {
		for i := 0; i < ciMutantsPerSeed; i++ {
			mu := makeMutant(t, inputs, seed, i)
			if _, err := Plan(parseModel(t, mu.data)); err != nil {
				t.Errorf("%s: %v", mu.name(), err)
			}
		}
	}
}

// askPacemaker fills in Pacemaker's answer for every mutant, running
// pacemaker-fences in as many worker processes as there are CPUs.
func askPacemaker(t *testing.T, script string, all []*mutant) {
	tmp := t.TempDir()
	jobs := make(chan *mutant)
	var wg sync.WaitGroup
	for w := 0; w < max(2, runtime.NumCPU()); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for mu := range jobs {
				path := filepath.Join(tmp, mu.name()+".xml")
				if err := os.WriteFile(path, mu.data, 0o600); err != nil {
					continue
				}
				cmd := exec.Command(script, path)
				cmd.Env = append(os.Environ(), "TZ=UTC") // Plan reads execution-date in UTC
				out, err := cmd.Output()
				mu.ok = err == nil
				mu.want = canonLines(string(out))
			}
		}()
	}
	for _, mu := range all {
		jobs <- mu
	}
	close(jobs)
	wg.Wait()
}

func keepMutant(t *testing.T, mu *mutant, mismatch bool) {
	keep := os.Getenv("PENGINE_DIFFERENTIAL_KEEP")
	if keep == "" || !(mismatch || os.Getenv("PENGINE_DIFFERENTIAL_KEEP_ALL") == "1") {
		return
	}
	if err := os.MkdirAll(keep, 0o755); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(keep, mu.name())
	answer := strings.Join(mu.want, "\n")
	if answer != "" {
		answer += "\n"
	}
	if err := os.WriteFile(base+".xml", mu.data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".fences", []byte(answer), 0o600); err != nil {
		t.Fatal(err)
	}
}
