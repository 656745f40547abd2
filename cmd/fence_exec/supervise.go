package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

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
	var stdout, crash capped
	stdout.max, crash.max = maxStdout, maxCrash
	statusR, statusW, err := os.Pipe()
	if err != nil {
		return ocf.CodeOf(agents.Crashed(a, inv, p, "cannot start the agent process: "+err.Error()))
	}
	defer statusR.Close()
	errFile, copied := stderrFile(inv.Stderr)
	in := stdinOf(stdin)
	if f, ok := in.(*os.File); ok {
		defer f.Close()
	}
	cmd := &exec.Cmd{Path: exe, Args: append([]string{inv.Name}, inv.Args...),
		Env:   append(os.Environ(), childEnv+"=1", "GOTRACEBACK=single"),
		Stdin: in, Stdout: &stdout, Stderr: &crash,
		ExtraFiles:  []*os.File{statusW, errFile},
		SysProcAttr: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
		WaitDelay:   time.Second,
	}
	var status childStatus
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); status.read(statusR, p) }()
	waitErr := startAndWait(cmd)
	statusW.Close()
	wg.Wait()
	copied()
	code, reported := status.result()
	if st := cmd.ProcessState; reported && st != nil && st.Exited() && st.ExitCode() == code {
		if crash.Len() > 0 {
			fmt.Fprint(inv.Stderr, ocf.Redact(crash.String(), p.Secrets()...))
		}
		_, _ = inv.Stdout.Write(stdout.Bytes())
		return code
	}
	return ocf.CodeOf(agents.Crashed(a, inv, p, report(cmd, waitErr, crash.String())))
}

// startAndWait starts the child and waits for it, passing on the signals
// that end an agent. Pdeathsig fires when the thread that started the
// child ends: the start runs on a locked thread, which is unlocked (not
// ended) afterwards, and the Go runtime ends a thread only when a
// goroutine exits while locked to it, which none in this binary does.
// Waiting on the locked thread instead would cost a thread hand-off at
// every wake-up.
func startAndWait(cmd *exec.Cmd) error {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err := start(cmd); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case s := <-sigs:
			_ = cmd.Process.Signal(s)
		case err := <-done:
			return err
		}
	}
}

// stdinOf is the child's stdin: a pipe already holding b and closed, when
// b fits in the pipe (no goroutine then feeds it), else a reader of b.
func stdinOf(b []byte) io.Reader {
	if len(b) > pipeHolds {
		return bytes.NewReader(b)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return bytes.NewReader(b)
	}
	defer w.Close()
	if _, err := w.Write(b); err != nil {
		r.Close()
		return bytes.NewReader(b)
	}
	return r
}

// pipeHolds is what a pipe takes without a reader on any Linux (its
// smallest buffer: one page).
const pipeHolds = 4096

// start starts cmd on a locked thread (see startAndWait).
func start(cmd *exec.Cmd) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return cmd.Start()
}

// report describes how the child ended without a result.
func report(cmd *exec.Cmd, waitErr error, crash string) string {
	crash = strings.TrimSpace(crash)
	var how string
	switch st := cmd.ProcessState; {
	case st == nil:
		how = fmt.Sprintf("the agent process did not run: %v", waitErr)
	case st.Exited():
		how = fmt.Sprintf("the agent process exited with status %d without a result", st.ExitCode())
	default:
		how = fmt.Sprintf("the agent process ended: %v", st)
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
	mu   sync.Mutex
	code int
	ok   bool
}

// read takes "secret HEX" lines (added to p's secrets, to redact a crash)
// and the final "exit N" line.
func (s *childStatus) read(r io.Reader, p *ocf.Params) {
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
