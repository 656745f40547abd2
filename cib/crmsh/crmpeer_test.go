package crmsh

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// crmsh spends most of a run starting Python, so the live comparisons run
// many CIBs through one crm process: each job gets a shadow CIB of its own
// ("cib use"), its commands, then "configure show", then "cib list", whose
// output (the same every time) separates one job's show from the next on
// standard output. The stored answers come from one crm process per file
// (TestCorpusStored -update); the live tests check that the batched runs
// give the same, which they do because crmsh reads the shadow CIB afresh
// for every configure command.

// crmJob is one CIB a batch works on.
type crmJob struct {
	base  []byte   // the CIB it starts from
	cmds  []string // crm commands run on it, one script line each
	shows []string // commands whose output is kept, after cmds; nil means "configure show"
}

// crmResult is what crmsh left for a job.
type crmResult struct {
	cib   []byte   // the shadow CIB after the commands
	show  string   // the output of the first show command
	shows []string // the output of each show command
	done  bool     // crmsh ran every command (it did not exit early)
}

func (j crmJob) showCmds() []string {
	if j.shows == nil {
		return []string{"configure show"}
	}
	return j.shows
}

// crmBatch runs the jobs in two crm processes per CPU in parallel (crmsh
// waits on the Pacemaker tools it runs about as long as it computes). One
// process only takes CIBs of one schema: crmsh builds its rule expression
// parser once, from the schema of the first CIB with a rule. A command
// that makes crmsh exit (it does on a schema failure at commit) ends its
// process: that job is not done, the jobs after it run in a new process.
func crmBatch(t testing.TB, jobs []crmJob) []crmResult {
	t.Helper()
	dir := t.TempDir()
	bySchema := map[string][]int{}
	var schemas []string
	for i, j := range jobs {
		if err := os.WriteFile(filepath.Join(dir, shadowName(i)), j.base, 0o600); err != nil {
			t.Fatal(err)
		}
		v := ""
		if m := reValidateWith().FindSubmatch(j.base); m != nil {
			v = string(m[1])
		}
		if bySchema[v] == nil {
			schemas = append(schemas, v)
		}
		bySchema[v] = append(bySchema[v], i)
	}
	procs := 2 * runtime.GOMAXPROCS(0)
	var chunks [][]int
	for _, v := range schemas {
		idx := bySchema[v]
		n := max(1, min(len(idx), procs*len(idx)/len(jobs)))
		for c := range n {
			chunks = append(chunks, idx[c*len(idx)/n:(c+1)*len(idx)/n])
		}
	}
	out := make([]crmResult, len(jobs))
	errs := make([]error, len(chunks))
	sem := make(chan struct{}, procs)
	var wg sync.WaitGroup
	for c, idx := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[c] = crmChunk(dir, jobs, out, idx)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

var reValidateWith = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`validate-with="([^"]*)"`) })

func shadowName(i int) string { return fmt.Sprintf("shadow.j%d", i) }

// crmChunk runs the jobs idx, starting a new process after one that
// exits early.
func crmChunk(dir string, jobs []crmJob, out []crmResult, idx []int) error {
	for len(idx) > 0 {
		lo := idx[0]
		script := filepath.Join(dir, fmt.Sprintf("script.%d", lo))
		var b strings.Builder
		b.WriteString("cib list\ncib list\n")
		for _, i := range idx {
			fmt.Fprintf(&b, "cib use j%d\n", i)
			for _, c := range jobs[i].cmds {
				b.WriteString(c + "\n")
			}
			for _, c := range jobs[i].showCmds() {
				b.WriteString(c + "\ncib list\n")
			}
		}
		if err := os.WriteFile(script, []byte(b.String()), 0o600); err != nil {
			return err
		}
		cmd := exec.Command("crm", "-F", "-f", script)
		cmd.Dir = dir
		cmd.Env = append(crmEnv(), "CIB_shadow_dir="+dir, "HOME="+filepath.Join(dir, fmt.Sprintf("home.%d", lo)))
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		_ = cmd.Run() // crm exits 1 when any command failed; the output tells what happened
		shows, err := splitShows(stdout.String())
		if err != nil {
			return fmt.Errorf("crm -f %s: %w", script, err)
		}
		next := len(idx)
		for k, i := range idx {
			cib, err := os.ReadFile(filepath.Join(dir, shadowName(i)))
			if err != nil {
				return err
			}
			out[i].cib = cib
			n := len(jobs[i].showCmds())
			if len(shows) < n {
				next = k + 1
				break
			}
			out[i].shows, out[i].show, out[i].done = shows[:n], shows[0], true
			shows = shows[n:]
		}
		idx = idx[next:]
	}
	return nil
}

// splitShows cuts crm's standard output at the "cib list" output: the
// first one is the separator, the text between two separators a job's
// show (without crmsh's coloured log lines). A job cut short by crm
// exiting has no separator after it and gives nothing.
func splitShows(s string) ([]string, error) {
	var lines []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "\x1b[") && l != "" {
			lines = append(lines, l)
		}
	}
	text := strings.Join(lines, "")
	for k := 1; k <= len(text)/2; k++ {
		if sep := text[:k]; text[k-1] == '\n' && strings.HasPrefix(text[k:], sep) {
			parts := strings.Split(text[2*k:], sep)
			return parts[:len(parts)-1], nil
		}
	}
	return nil, fmt.Errorf("no cib list output to separate the jobs: %q", text)
}

// crmEnv is the environment without CIB_file (a shadow CIB is used).
func crmEnv() []string {
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "CIB_file=") && !strings.HasPrefix(e, "CIB_shadow") {
			env = append(env, e)
		}
	}
	return append(env, "TERM=dumb")
}

// absPath returns f as an absolute path for a crm script.
func absPath(t testing.TB, f string) string {
	t.Helper()
	abs, err := filepath.Abs(f)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
