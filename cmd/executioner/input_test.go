package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/executioner-ha/executioner/cib"
	"github.com/executioner-ha/executioner/internal/peertest"
)

// TestSpecialInputs: a FIFO, /dev/zero, a directory or a link to a device
// given as the CIB or as edit input is refused at once (66), a file over
// --max-input-size is refused (65), and standard input that is a device
// is refused too, with nothing written.
func TestSpecialInputs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(good, cib.Empty("").Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	special := peertest.SpecialFiles(t, dir)
	crm := filepath.Join(dir, "in.crm")
	if err := os.WriteFile(crm, []byte("primitive p ocf:heartbeat:Dummy\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, bad := range special {
		vars := map[string]string{"cib": bad, "dir": dir, "crm": crm, "in": bad}
		for _, args := range cibReaders {
			refusedCleanly(t, dir, exitNoInput, 0, nil, expand(args, vars)...)
		}
		vars["cib"] = good
		for _, args := range inputReaders {
			refusedCleanly(t, dir, exitNoInput, 0, nil, expand(args, vars)...)
		}
		refusedCleanly(t, dir, exitNoInput, 0, nil, "configure", "--cib", good, "load", "update", bad)
	}
	vars := map[string]string{"cib": good, "dir": dir, "crm": crm, "in": good}
	for _, args := range append(slices.Concat(cibReaders, inputReaders), []string{"configure", "--cib", crm, "load", "update", good}) {
		refusedCleanly(t, dir, exitDataErr, 0, nil, append([]string{"--max-input-size", "100"}, expand(args, vars)...)...)
	}
	for _, dev := range []string{"/dev/zero", "/dev/null"} {
		f, err := os.Open(dev)
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"verify", "-"}, {"cib", "modify", "--cib", good}, {"configure", "--cib", good, "load", "update", "-"}} {
			before := dirState(t, dir)
			code, _, stderr := runWithInput(t, f, args...)
			if code != exitNoInput || !strings.Contains(stderr, "standard input: not a regular file (a character device)") {
				t.Errorf("%v < %s: exit %d, %q", args, dev, code, stderr)
			}
			if !mapsEqual(before, dirState(t, dir)) {
				t.Errorf("%v < %s changed the directory", args, dev)
			}
		}
		f.Close()
	}
}

// TestInterruptible: work that has not finished when the context is
// canceled is abandoned, and the cause returned at once.
func TestInterruptible(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := &signalError{sig: unix.SIGTERM}
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := interruptible(ctx, func() (int, error) {
			close(started)
			<-release
			return 1, nil
		})
		done <- err
	}()
	<-started
	cancel(stop)
	if err := <-done; !errors.Is(err, stop) {
		t.Fatalf("interrupted work: %v, want the cause", err)
	}
	if code, ok := signalExit(ctx); !ok || code != 143 {
		t.Errorf("exit status %d, %v; want 143", code, ok)
	}
	if v, err := interruptible(context.Background(), func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Errorf("finished work: %d, %v", v, err)
	}
}
