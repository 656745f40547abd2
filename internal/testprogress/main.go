// Command testprogress reads "go test -json" on standard input and prints
// what a person watching "make test" wants: a line per package as go test
// prints it, a line per top-level test that took a while, every failing
// test's output, build errors, and every 30 seconds the packages and tests
// still running, so that a long package is never silent. It exits 1 when
// anything failed or did not build.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// event is one line of go test -json (test2json).
type event struct {
	Time       time.Time
	Action     string
	Package    string
	ImportPath string
	Test       string
	Elapsed    float64
	Output     string
}

// slow is how long a top-level test runs before its result is printed.
const slow = 5 * time.Second

type state struct {
	mu      sync.Mutex
	out     io.Writer
	failed  bool
	started map[string]time.Time            // running packages
	running map[string]map[string]time.Time // running top-level tests per package
	output  map[string][]string             // buffered output per package and per package/test
}

func main() {
	s := &state{out: os.Stdout, started: map[string]time.Time{}, running: map[string]map[string]time.Time{}, output: map[string][]string{}}
	done := make(chan struct{})
	go s.heartbeat(done, 30*time.Second)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		s.line(sc.Text())
	}
	close(done)
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		os.Exit(1)
	}
	if s.failed {
		os.Exit(1)
	}
}

func (s *state) line(l string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var e event
	if !strings.HasPrefix(l, "{") || json.Unmarshal([]byte(l), &e) != nil {
		fmt.Fprintln(s.out, l)
		return
	}
	switch e.Action {
	case "build-output":
		fmt.Fprint(s.out, e.Output)
	case "build-fail":
		s.failed = true
	case "start":
		s.started[e.Package] = e.Time
	case "run":
		if e.Test != "" && !strings.Contains(e.Test, "/") {
			if s.running[e.Package] == nil {
				s.running[e.Package] = map[string]time.Time{}
			}
			s.running[e.Package][e.Test] = e.Time
		}
	case "output":
		k := e.Package
		if e.Test != "" {
			k += " " + topLevel(e.Test)
		}
		s.output[k] = append(s.output[k], e.Output)
	case "pass", "fail", "skip":
		s.result(e)
	}
}

func topLevel(test string) string {
	t, _, _ := strings.Cut(test, "/")
	return t
}

func (s *state) result(e event) {
	if e.Test == "" {
		delete(s.started, e.Package)
		delete(s.running, e.Package)
		if e.Action == "fail" {
			s.failed = true
			fmt.Fprint(s.out, strings.Join(s.output[e.Package], ""))
		}
		switch e.Action {
		case "pass":
			fmt.Fprintf(s.out, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
		case "fail":
			fmt.Fprintf(s.out, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
		default:
			fmt.Fprintf(s.out, "?   \t%s\t[no test files]\n", e.Package)
		}
		delete(s.output, e.Package)
		return
	}
	if strings.Contains(e.Test, "/") {
		return
	}
	delete(s.running[e.Package], e.Test)
	k := e.Package + " " + e.Test
	if e.Action == "fail" {
		s.failed = true
		fmt.Fprint(s.out, strings.Join(s.output[k], ""))
	} else if time.Duration(e.Elapsed*float64(time.Second)) >= slow {
		fmt.Fprintf(s.out, "    %s %s %s (%.1fs)\n", strings.ToUpper(e.Action), e.Package, e.Test, e.Elapsed)
	}
	delete(s.output, k)
}

// heartbeat prints the packages and top-level tests still running.
func (s *state) heartbeat(done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			s.mu.Lock()
			var l []string
			for p, at := range s.started {
				tests := slices.Sorted(maps.Keys(s.running[p]))
				w := fmt.Sprintf("%s (%s", p, now.Sub(at).Round(time.Second))
				if len(tests) > 0 {
					w += ": " + strings.Join(tests, " ")
				}
				l = append(l, w+")")
			}
			slices.Sort(l)
			if len(l) > 0 {
				fmt.Fprintf(s.out, "... running: %s\n", strings.Join(l, ", "))
			}
			s.mu.Unlock()
		}
	}
}
