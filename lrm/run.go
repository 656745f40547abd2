package lrm

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// proc is one started agent and the parent's ends of its pipes.
type proc struct {
	cmd    *exec.Cmd
	pgid   int
	stdin  *os.File // parent's write end, nil without Stdin
	stdout *os.File
	stderr *os.File
	outCh  <-chan captured
	errCh  <-chan captured
	fed    <-chan struct{} // closed when the stdin feeder has finished
}

// Run executes the agent described by c and returns how it ended. The
// agent runs in a process group of its own; when the timeout expires or ctx
// ends, the group gets SIGTERM and, after the grace period, SIGKILL. Run
// returns only once no process of the group is left (unless KeepChildren
// keeps those an agent left behind after exiting by itself) and every
// goroutine it started has finished.
//
// The error is non-nil only when the agent could not be run at all (it
// wraps ErrNotInstalled when the executable is missing or not executable).
// An agent that ran and failed, timed out or was canceled is described by
// the Result; Result.Err turns that into an error.
func Run(ctx context.Context, c Command) (*Result, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("agent %s: %w", c.Path, err)
	}
	started := time.Now()
	p, err := start(&c)
	if err != nil {
		return nil, err
	}
	res := p.wait(ctx, &c)
	res.Started = started
	res.Duration = time.Since(started)
	res.Timeout = c.Timeout
	res.path = c.Path
	return res, nil
}

// start creates the pipes and starts the agent in a new process group.
func start(c *Command) (*proc, error) {
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Env = c.environ()
	cmd.Dir = c.dir()
	// Pdeathsig: an agent does not outlive the daemon that would have
	// collected its result (the restarted daemon runs the operation again).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p := &proc{}
	child, err := p.pipes(cmd, c.Stdin != nil)
	defer func() { // the child's ends, no longer needed here once it started
		for _, f := range child {
			_ = f.Close()
		}
	}()
	if err != nil {
		p.closeParentEnds()
		return nil, fmt.Errorf("agent %s: %w", c.Path, err)
	}
	if err := cmd.Start(); err != nil {
		p.closeParentEnds()
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("agent %s: %w: %w", c.Path, ErrNotInstalled, err)
		}
		return nil, fmt.Errorf("agent %s: start: %w", c.Path, err)
	}
	p.cmd, p.pgid = cmd, cmd.Process.Pid
	if p.stdin != nil {
		p.fed = feed(p.stdin, c.Stdin)
	}
	p.outCh = capture(p.stdout, c.outputCap())
	p.errCh = capture(p.stderr, c.outputCap())
	return p, nil
}

// pipes creates the stdout, stderr and, when withStdin, stdin pipes: the
// parent's ends go to p, the child's are attached to cmd and returned.
func (p *proc) pipes(cmd *exec.Cmd, withStdin bool) (child []*os.File, err error) {
	var outW, errW, inR *os.File
	if p.stdout, outW, err = os.Pipe(); err != nil {
		return child, fmt.Errorf("stdout pipe: %w", err)
	}
	child = append(child, outW)
	if p.stderr, errW, err = os.Pipe(); err != nil {
		return child, fmt.Errorf("stderr pipe: %w", err)
	}
	child = append(child, errW)
	cmd.Stdout, cmd.Stderr = outW, errW
	if withStdin {
		if inR, p.stdin, err = os.Pipe(); err != nil {
			return child, fmt.Errorf("stdin pipe: %w", err)
		}
		child = append(child, inR)
		cmd.Stdin = inR
	}
	return child, nil
}

// closeParentEnds closes the parent's pipe ends; closing a read end ends
// its capture goroutine, closing the write end ends the feeder.
func (p *proc) closeParentEnds() {
	for _, f := range []*os.File{p.stdin, p.stdout, p.stderr} {
		if f != nil {
			_ = f.Close()
		}
	}
}

// wait waits for the agent's end, enforcing the timeout and ctx, cleans up
// its group, reaps it and collects its output.
func (p *proc) wait(ctx context.Context, c *Command) *Result {
	exited := make(chan struct{})
	go func() {
		waitExit(p.pgid)
		close(exited)
	}()
	var timeout <-chan time.Time
	if c.Timeout > 0 {
		t := time.NewTimer(c.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	res := &Result{Status: StatusExited, PID: p.pgid}
	select {
	case <-exited:
	case <-timeout:
		res.Status = StatusTimedOut
		p.terminate(exited, c.grace())
	case <-ctx.Done():
		res.Status = StatusCanceled
		p.terminate(exited, c.grace())
	}
	switch {
	case res.Status != StatusExited:
		res.Leftovers = killLeftovers(p.pgid, 0)
	case !c.KeepChildren:
		res.Leftovers = killLeftovers(p.pgid, c.grace())
	}
	_ = p.cmd.Wait() // reaps the leader; its status is read below
	p.collect(res)
	ws, _ := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	res.ExitCode = ws.ExitStatus()
	if ws.Signaled() {
		res.Signal = ws.Signal()
		if res.Status == StatusExited {
			res.Status = StatusSignaled
		}
	}
	return res
}

// terminate sends SIGTERM to the group, then SIGKILL if the leader has not
// exited within grace, and returns once the leader has exited.
func (p *proc) terminate(exited <-chan struct{}, grace time.Duration) {
	signalGroup(p.pgid, syscall.SIGTERM)
	signalGroup(p.pgid, syscall.SIGCONT)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-exited:
		return
	case <-t.C:
	}
	signalGroup(p.pgid, syscall.SIGKILL)
	<-exited
}

// collect waits for both capture goroutines, giving pipes still held open by
// a process outside the group outputDrain to reach EOF before closing them.
func (p *proc) collect(res *Result) {
	t := time.NewTimer(outputDrain)
	defer t.Stop()
	var out, errOut captured
	for got := 0; got < 2; {
		select {
		case out = <-p.outCh:
			p.outCh = nil
			got++
		case errOut = <-p.errCh:
			p.errCh = nil
			got++
		case <-t.C:
			p.closeParentEnds() // unblocks the readers, which then report
		}
	}
	p.closeParentEnds()
	if p.fed != nil {
		<-p.fed
	}
	res.Stdout, res.StdoutDropped = out.data, out.dropped
	res.Stderr, res.StderrDropped = errOut.data, errOut.dropped
}
