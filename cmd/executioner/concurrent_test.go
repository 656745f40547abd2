package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/cibstore"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestMain lets the test binary be the executioner command itself
// (EXECUTIONER_TEST_MAIN=1), so tests can run it as separate processes.
func TestMain(m *testing.M) {
	if os.Getenv("EXECUTIONER_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// runProcess runs the executioner binary bin with args as a process and
// returns its exit status and standard error.
func runProcess(t *testing.T, bin string, args ...string) (int, string) {
	cmd := exec.Command(bin, args...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, ""
	case errors.As(err, &ee):
		return ee.ExitCode(), errOut.String()
	}
	t.Errorf("run %v: %v", args, err)
	return -1, ""
}

// memoryDir returns a fresh directory on /dev/shm (a tmpfs, where fsync
// costs nothing) removed when the test ends, or t.TempDir() on a machine
// without it.
func memoryDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "executioner-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// versionWatch checks what a reader sees of a file being rewritten: the
// version never goes back, and one version never stands for two
// different documents (an update lost and its epoch reused).
type versionWatch struct {
	mu   sync.Mutex
	path string
	last cib.Version
	doc  []byte
	errs []string
}

func (w *versionWatch) look() {
	w.mu.Lock()
	defer w.mu.Unlock()
	data, err := os.ReadFile(w.path)
	if err != nil {
		w.errs = append(w.errs, err.Error())
		return
	}
	if w.doc != nil && bytes.Equal(data, w.doc) {
		return // seen already
	}
	doc, err := cib.Parse(data)
	if err != nil {
		w.errs = append(w.errs, fmt.Sprintf("a reader saw a malformed file: %v", err))
		return
	}
	v, _ := doc.Version()
	switch c := v.Compare(w.last); {
	case c < 0:
		w.errs = append(w.errs, fmt.Sprintf("version went back from %s to %s", w.last, v))
	case c == 0 && w.doc != nil && !bytes.Equal(data, w.doc):
		w.errs = append(w.errs, fmt.Sprintf("version %s stands for two different documents", v))
	}
	w.last, w.doc = v, data
}

// TestConcurrentEditorsLoseNothing: 4 processes x 500 "cib modify" and
// 2 x 200 "configure load update" on one file (x25 and x10 with -short)
// while the daemon runs on it and writes fencing results into it. Every
// update that exited 0 is in the file at the end, every other exited 103,
// and the version a reader sees only grows, one document per version.
func TestConcurrentEditorsLoseNothing(t *testing.T) {
	modifiers, modifies, loaders, loads := 4, 500, 2, 200
	if testing.Short() {
		modifies, loads = 25, 10
	}
	// The CIB lives in memory when it can: what is tested is that the
	// writers serialize, not that a rename is durable (the kill tests of
	// internal/cibstore check that), and 2,400 updates, each with two
	// fsyncs under the lock, would spend most of the test waiting on the
	// disk.
	dir := memoryDir(t)
	// The daemon looks at the file four times a second, not fifty: it
	// plans again after each of the 2,400 changes it sees, which in the
	// race detector's build would take more of the machine than the
	// editors.
	path, sock, _ := startTestDaemonLog(t, dir, "--poll", "250ms")
	// The editors are a plain build: thousands of processes of the race
	// detector's build would take most of the test's time starting.
	bin := filepath.Join(t.TempDir(), "executioner")
	peertest.GoBuild(t, "./cmd/executioner", bin)
	waitUntil(t, "the daemon's socket", func() bool { _, err := os.Stat(sock); return err == nil })

	watch := &versionWatch{path: path}
	var mu sync.Mutex
	applied := map[string]bool{}
	refused := 0
	record := func(name string, code int, stderr string) {
		watch.look()
		mu.Lock()
		defer mu.Unlock()
		switch code {
		case 0:
			applied[name] = true
		case exitOld:
			refused++
		default:
			t.Errorf("%s: exit %d, want 0 or %d: %s", name, code, exitOld, stderr)
		}
	}
	var wg sync.WaitGroup
	for p := range modifiers {
		wg.Go(func() {
			for i := range modifies {
				id := fmt.Sprintf("m%d-%d", p, i)
				xml := `<cluster_property_set id="o"><nvpair id="` + id + `" name="` + id + `" value="1"/></cluster_property_set>`
				code, stderr := runProcess(t, bin, "cib", "modify", "--cib", path, "-o", "crm_config", "-X", xml)
				record(id, code, stderr)
			}
		})
	}
	for p := range loaders {
		wg.Go(func() {
			crm := filepath.Join(dir, fmt.Sprintf("load%d.crm", p))
			for i := range loads {
				id := fmt.Sprintf("l%d-%d", p, i)
				if err := os.WriteFile(crm, []byte("property "+id+"=1\n"), 0o600); err != nil {
					t.Error(err)
					return
				}
				code, stderr := runProcess(t, bin, "configure", "--cib", path, "load", "update", crm)
				record(id, code, stderr)
			}
		})
	}
	// The daemon writes too: a fencing of node2 now and then is recorded
	// in the CIB's status by the daemon's own transactions.
	wg.Go(func() {
		for range 20 {
			if out, _, code := runCLI(t, "", "fence", "node2", "--socket", sock); code != 0 {
				t.Errorf("fence node2: exit %d\n%s", code, out)
			}
			watch.look()
		}
	})
	wg.Wait()
	for _, e := range watch.errs {
		t.Error(e)
	}
	doc, err := cibstore.File{Path: path}.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for name := range applied {
		if doc.Root().FindElement("//nvpair[@name='"+name+"']") == nil {
			t.Errorf("update %s exited 0 but is not in the CIB", name)
		}
	}
	if total := modifiers*modifies + loaders*loads; len(applied)+refused != total {
		t.Errorf("%d applied + %d refused of %d updates", len(applied), refused, total)
	}
	if !strings.Contains(string(doc.Bytes()), `uname="node2"`) || !downInCIB(t, path, "node2") {
		t.Error("the daemon's fencing of node2 is not in the CIB")
	}
	t.Logf("%d updates applied, %d refused with exit %d; final version %s", len(applied), refused, exitOld, watch.last)
}
