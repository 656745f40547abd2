package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a strings.Builder safe for the progress line's ticker
// and for a daemon's log, which a test can wait on (waitFor).
type syncBuffer struct {
	mu      sync.Mutex
	b       strings.Builder
	written *sync.Cond // broadcast at each write and at wake
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		s.written.Broadcast()
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor blocks until cond holds of what was written, looking again
// after each write and each wake.
func (s *syncBuffer) waitFor(cond func(string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written == nil {
		s.written = sync.NewCond(&s.mu)
	}
	for !cond(s.b.String()) {
		s.written.Wait()
	}
}

// wake has waitFor look again (at something cond reads besides the text).
func (s *syncBuffer) wake() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		s.written.Broadcast()
	}
}

// TestProgress: the line is drawn when set, a line printed meanwhile
// comes on a cleared line, and end clears it (twice is harmless); on a
// command whose standard error is not a terminal nothing is drawn.
func TestProgress(t *testing.T) {
	var w syncBuffer
	p := startProgress(&w, time.Hour)
	p.set("fencing %s", "node3")
	p.println(&w, "warning: x")
	p.end()
	p.end()
	want := "\r\033[Kfencing node3 (0s)\r\033[Kwarning: x\n\r\033[Kfencing node3 (0s)\r\033[K"
	if got := w.String(); got != want {
		t.Errorf("drew %q, want %q", got, want)
	}
	root := newRootCmd()
	var errOut strings.Builder
	root.SetErr(&errOut)
	q := newProgress(root)
	q.set("silent")
	q.end()
	if errOut.Len() != 0 {
		t.Errorf("progress without a terminal: %q", errOut.String())
	}
}
