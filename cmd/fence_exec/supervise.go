package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// childEnv marks the supervised child; its value is the protocol version.
const childEnv = "FENCE_EXEC_SUPERVISED"

// The child's extra descriptors: the status pipe (its secrets and its
// result, one line each) and the supervisor's stderr (its diagnostics). Its
// own fd 2 is a pipe to the supervisor that only a crash writes to.
const (
	statusFD = 3
	stderrFD = 4
)

// Bounds on what the supervisor keeps of the child's output.
const (
	maxStdout = 4 << 20
	maxCrash  = 256 << 10
)

// supervise runs inv in a child process (exe, run as the agent's name) and
// returns the exit code: the child's result when it reported one and
// exited with it, else 1 with the crash reported.
func supervise(self string, a agents.Agent, inv agents.Invocation, stdin []byte, p *ocf.Params) int {
	exe, err := worker(self)
	if err != nil {
		return ocf.CodeOf(agents.Crashed(a, inv, p, "cannot start the agent process: "+err.Error()))
	}
	errFile, copied := stderrFile(inv.Stderr)
	env := append(os.Environ(), childEnv+"=1", "GOTRACEBACK=single")
	if os.Getenv("GOMAXPROCS") == "" {
		env = append(env, "GOMAXPROCS=1") // see oneProc
	}
	c := &child{path: exe, args: append([]string{inv.Name}, inv.Args...), env: env, stdin: stdin, stderr: errFile}
	c.stdout.max, c.crash.max = maxStdout, maxCrash
	c.status.p = p
	ws, runErr := c.run()
	copied()
	code, reported := c.status.result()
	if runErr == nil && reported && ws.Exited() && ws.ExitStatus() == code {
		if c.crash.Len() > 0 {
			fmt.Fprint(inv.Stderr, ocf.Redact(c.crash.String(), p.Secrets()...))
		}
		_, _ = inv.Stdout.Write(c.stdout.Bytes())
		return code
	}
	return ocf.CodeOf(agents.Crashed(a, inv, p, report(ws, runErr, c.crash.String())))
}

// report describes how the child ended without a result.
func report(ws syscall.WaitStatus, runErr error, crash string) string {
	crash = strings.TrimSpace(crash)
	var how string
	switch {
	case runErr != nil:
		how = fmt.Sprintf("the agent process did not run: %v", runErr)
	case ws.Exited():
		how = fmt.Sprintf("the agent process exited with status %d without a result", ws.ExitStatus())
	case ws.Signaled():
		how = "the agent process ended: signal: " + ws.Signal().String()
	default:
		how = fmt.Sprintf("the agent process ended with wait status %#x", uint32(ws))
	}
	if crash == "" {
		return how
	}
	return crash + "\n(" + how + ")"
}

// stderrFile is the supervisor's stderr as a file to hand to the child:
// the file itself, or a pipe copied to w; wait waits for the copy to end
// once the child is gone.
func stderrFile(w io.Writer) (f *os.File, wait func()) {
	if f, ok := w.(*os.File); ok {
		return f, func() {}
	}
	r, pw, err := os.Pipe()
	if err != nil {
		return nil, func() {}
	}
	done := make(chan struct{})
	go func() { defer close(done); _, _ = io.Copy(w, r); r.Close() }()
	return pw, func() { pw.Close(); <-done }
}

// childStatus is what the child reported on the status pipe.
type childStatus struct {
	p    *ocf.Params // takes the secrets
	mu   sync.Mutex
	code int
	ok   bool
}

// ReadFrom takes "secret HEX" lines (added to p's secrets, to redact a
// crash) and the final "exit N" line.
func (s *childStatus) ReadFrom(r io.Reader) (int64, error) {
	p := s.p
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		verb, arg, _ := strings.Cut(sc.Text(), " ")
		switch verb {
		case "secret":
			if b, err := hex.DecodeString(arg); err == nil && p != nil {
				p.AddSecret(ocf.NewSecret(string(b)))
			}
		case "exit":
			if n, err := strconv.Atoi(arg); err == nil {
				s.mu.Lock()
				s.code, s.ok = n, true
				s.mu.Unlock()
			}
		}
	}
	n, err := io.Copy(io.Discard, r) // past an overlong line: the child never blocks on the pipe
	return n, err
}

func (s *childStatus) result() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.code, s.ok
}

// capped keeps the first max bytes written to it and discards the rest.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(b []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(b[:min(len(b), room)])
	}
	return len(b), nil
}
