package fencer

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// appenderEnv makes the test binary append to the history it names until
// killed.
const appenderEnv = "FENCER_TEST_APPENDER"

func TestMain(m *testing.M) {
	if path := os.Getenv(appenderEnv); path != "" {
		os.Exit(appendForever(path))
	}
	os.Exit(m.Run())
}

// appendForever records fenced requests one after another.
func appendForever(path string) int {
	h, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	now := time.Now().UTC()
	for i := len(h.Last(0)); ; i++ {
		id := fmt.Sprintf("r%d", i)
		steps := []error{
			h.Begin(Request{ID: id, Target: "node2", Action: "off", Requested: now}),
			h.Attempt(id, Attempt{Device: "d", Action: "off", Outcome: OutcomeSuccess, Started: now, Finished: now}),
			h.Finish(id, Final{State: StateDone, By: ByDevice, Completed: now}),
		}
		for _, err := range steps {
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
		if i == len(h.Last(0))-1 {
			fmt.Println("appending") // the parent waits for this before killing
		}
	}
}

// TestHistoryAppenderKilled kills a process with SIGKILL while it appends
// and checks that the history it leaves opens, holds only whole records,
// and has at most the request in flight pending.
func TestHistoryAppenderKilled(t *testing.T) {
	self, err := os.Executable()
	must(t, err)
	path := filepath.Join(t.TempDir(), "history")
	for round := range 3 {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), appenderEnv+"="+path)
		out, err := cmd.StdoutPipe()
		must(t, err)
		cmd.Stderr = os.Stderr
		must(t, cmd.Start())
		buf := make([]byte, 10)
		if _, err := out.Read(buf); err != nil {
			t.Fatalf("round %d: appender did not start: %v", round, err)
		}
		time.Sleep(time.Duration(20+round*30) * time.Millisecond)
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()

		h, err := Open(path)
		must(t, err)
		if d := h.Damage(); len(d) != 0 {
			t.Errorf("round %d: damage after SIGKILL: %v", round, d)
		}
		all := h.Last(0)
		pending := h.Pending()
		if len(pending) > 1 || len(pending) == 1 && pending[0].ID != all[len(all)-1].ID {
			t.Errorf("round %d: pending %d requests, want at most the last", round, len(pending))
		}
		if slices.ContainsFunc(all, func(r Request) bool { return r.State == StateDone && len(r.Attempts) != 1 }) {
			t.Errorf("round %d: a request is done without its attempt", round)
		}
		if len(pending) == 1 { // finish it, as a restarted daemon would, so the next round can run
			must(t, h.Finish(pending[0].ID, Final{State: StateFailed, Reason: "restarted", Completed: time.Now()}))
		}
		must(t, h.Close())
		t.Logf("round %d: %d requests", round, len(all))
	}
}

// FuzzHistoryLoad feeds arbitrary logs to the loader: it must never panic,
// and whatever it loads must keep the history's promise that a request is
// done only when confirmed.
func FuzzHistoryLoad(f *testing.F) {
	seed := filepath.Join(f.TempDir(), "seed")
	h, err := Open(seed)
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	_ = h.Begin(Request{ID: "r1", Target: "n2", Action: "off", Requested: now})
	_ = h.Attempt("r1", Attempt{Device: "d", Action: "off", Outcome: OutcomeSuccess, Started: now, Finished: now})
	_ = h.Finish("r1", Final{State: StateDone, By: ByDevice, Completed: now})
	_ = h.Begin(Request{ID: "r2", Target: "n3", Action: "reboot", Requested: now})
	_ = h.Close()
	data, _ := os.ReadFile(seed)
	f.Add(data)
	f.Add(data[:len(data)-7])
	f.Add([]byte("00000000 {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x := newIndex()
		size, damage, err := x.load(bytes.NewReader(data))
		if err != nil || size > int64(len(data)) {
			t.Fatalf("load: size %d of %d: %v", size, len(data), err)
		}
		if torn := len(data) > 0 && data[len(data)-1] != '\n'; torn != (size < int64(len(data))) ||
			torn && !damage[len(damage)-1].Torn {
			t.Fatalf("torn tail %v, size %d of %d, damage %v", torn, size, len(data), damage)
		}
		for _, r := range x.requests {
			if r.State == StateDone && r.Final.By == ByDevice &&
				!slices.ContainsFunc(r.Attempts, func(a Attempt) bool { return a.Outcome == OutcomeSuccess }) {
				t.Fatalf("request %s done by device without a successful attempt", r.ID)
			}
			if (r.State == StatePending) != (r.Final == nil) {
				t.Fatalf("request %s: state %s with final %v", r.ID, r.State, r.Final)
			}
		}
	})
}
