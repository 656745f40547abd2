package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/executioner-ha/executioner/lrm/fencer"
)

// answering waits until a daemon answers status at sock with its plan of
// runTestCIB (node3 to fence).
func answering(t *testing.T, sock string) {
	t.Helper()
	waitUntil(t, "the daemon's plan", func() bool {
		out, _, code := runCLI(t, "", "status", "--socket", sock)
		return code == 0 && strings.Contains(out, "fence node3 reboot")
	})
}

// TestRunRefusesLiveSocket: a second daemon given the socket of a running
// one exits 108 with one line, before touching its history, and the
// running daemon still answers.
func TestRunRefusesLiveSocket(t *testing.T) {
	dir := t.TempDir()
	path, sock := startTestDaemon(t, dir)
	answering(t, sock)
	other := filepath.Join(t.TempDir(), "history")
	_, errOut, code := runCLI(t, "", "run", "--cib", path, "--node", "node1", "--history", other,
		"--socket", sock, "--agents-dir", "")
	if code != exitExists || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "another executioner daemon is running at --socket "+sock) {
		t.Errorf("second daemon: exit %d, %q; want %d and one line", code, errOut, exitExists)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("the refused daemon opened its history: %v", err)
	}
	if _, _, code := runCLI(t, "", "status", "--socket", sock); code != 0 {
		t.Errorf("the running daemon no longer answers: status exit %d", code)
	}
}

// TestRunReplacesStaleSocket: a socket file nobody answers at (its daemon
// was killed) is replaced by the next daemon.
func TestRunReplacesStaleSocket(t *testing.T) {
	dir := t.TempDir()
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(dir, "api.sock"), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	if fi, err := os.Lstat(filepath.Join(dir, "api.sock")); err != nil || fi.Mode()&os.ModeSocket == 0 {
		t.Fatalf("no stale socket to start on: %v", err)
	}
	_, sock := startTestDaemon(t, dir)
	answering(t, sock)
}

// TestFenceKeepsTheCIBsName: "fence NODE2" when the CIB has node2 fences
// node2 (as Pacemaker's fencer and controller find the node whatever the
// case); the history and the CIB record it as node2, so "history node2"
// finds it, and no node_state of another spelling appears.
func TestFenceKeepsTheCIBsName(t *testing.T) {
	dir := t.TempDir()
	path, sock := startTestDaemon(t, dir)
	answering(t, sock)
	out, errOut, code := runCLI(t, "", "fence", "NODE2", "--action", "off", "--socket", sock)
	if code != 0 || !strings.Contains(out, "off node2  done by good (device)") {
		t.Fatalf("fence NODE2: exit %d\n%s%s", code, out, errOut)
	}
	for _, name := range []string{"node2", "NODE2"} {
		out, _, code = runCLI(t, "", "history", name, "--output-as", "json", "--socket", sock)
		var rs []fencer.Request
		if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 1 || rs[0].Target != "node2" {
			t.Errorf("history %s: exit %d\n%s", name, code, out)
		}
	}
	waitUntil(t, "node2 recorded down", func() bool { return downInCIB(t, path, "node2") })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "NODE2") {
		t.Errorf("the CIB took the request's spelling:\n%s", data)
	}
}

// TestRunRepairsDamagedHistory: a history with damaged lines among its
// records is reported in one warning with the count, rewritten without
// them (its requests kept), and the next start finds nothing to report.
func TestRunRepairsDamagedHistory(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "h", "history")
	if err := os.MkdirAll(filepath.Dir(hist), 0o700); err != nil {
		t.Fatal(err)
	}
	h, err := fencer.Open(hist)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	for i := range 3 {
		id := fmt.Sprint("old-", i)
		if err := h.Begin(fencer.Request{ID: id, Target: "node2", Action: "reboot", Origin: "node1", Client: "api", Requested: t0}); err != nil {
			t.Fatal(err)
		}
		if err := h.Finish(id, fencer.Final{State: fencer.StateFailed, Reason: "test", Completed: t0}); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	f, err := os.OpenFile(hist, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	const damaged = 5000
	for i := range damaged {
		fmt.Fprintf(f, "garbage line %d {not a record}\n", i)
	}
	f.Close()
	for run, want := range []int{1, 0} {
		t.Run(fmt.Sprint("start", run+1), func(t *testing.T) {
			_, sock, log := startTestDaemonLog(t, dir)
			answering(t, sock)
			warnings := strings.Count(log.String(), "msg=\"history damaged")
			if warnings != want || want == 1 && !strings.Contains(log.String(), fmt.Sprintf("damaged_lines=%d", damaged)) {
				t.Errorf("%d warnings, want %d with the count:\n%s", warnings, want, log.String())
			}
			out, _, code := runCLI(t, "", "history", "node2", "--output-as", "json", "--socket", sock)
			var rs []fencer.Request
			if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 3 {
				t.Errorf("history node2: exit %d, want the 3 requests\n%s", code, out)
			}
		})
	}
}
