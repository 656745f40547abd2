package main

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// waitDelay is how long the supervisor, once the child has exited, waits
// for the child's pipes to close (a process the child started may hold
// them) before it stops reading them.
const waitDelay = time.Second

// child is one supervised run: the program, what it is given, and what it
// wrote. It is started with syscall.ForkExec rather than os/exec, whose
// first start in a process checks that pidfds work by cloning a throwaway
// process: a second process creation on every agent run.
type child struct {
	path   string
	args   []string
	env    []string
	stdin  []byte
	stderr *os.File // its fd 4 (the supervisor's stderr); nil: closed

	stdout, crash capped // its fd 1 and fd 2
	status        childStatus
}

// run starts the child, passes it the signals that end an agent until it
// exits, and returns its wait status once its pipes are read. An error
// means it did not run.
func (c *child) run() (syscall.WaitStatus, error) {
	var readers sync.WaitGroup
	var ours []*os.File // the supervisor's ends, closed when done
	defer func() {
		for _, f := range ours {
			f.Close()
		}
	}()
	in, feed, err := stdinPipe(c.stdin)
	if err != nil {
		return 0, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		in.Close()
		return 0, err
	}
	crashR, crashW, err := os.Pipe()
	if err != nil {
		in.Close()
		outR.Close()
		outW.Close()
		return 0, err
	}
	statusR, statusW, err := os.Pipe()
	if err != nil {
		in.Close()
		outR.Close()
		outW.Close()
		crashR.Close()
		crashW.Close()
		return 0, err
	}
	ours = append(ours, outR, crashR, statusR)
	theirs := []*os.File{in, outW, crashW, statusW}
	fds := []uintptr{in.Fd(), outW.Fd(), crashW.Fd(), statusW.Fd(), ^uintptr(0)}
	if c.stderr != nil {
		fds[4] = c.stderr.Fd()
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sigs)
	pid, err := forkExec(c.path, c.args, &syscall.ProcAttr{Env: c.env, Files: fds,
		Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}})
	for _, f := range theirs {
		f.Close()
	}
	if err != nil {
		return 0, err
	}
	for _, r := range []struct {
		dst io.Writer
		src *os.File
	}{{&c.stdout, outR}, {&c.crash, crashR}} {
		readers.Add(1)
		go func() { defer readers.Done(); _, _ = io.Copy(r.dst, r.src) }()
	}
	readers.Add(1)
	go func() { defer readers.Done(); _, _ = c.status.ReadFrom(statusR) }()
	if feed != nil {
		go feed()
	}
	exited := make(chan syscall.WaitStatus, 1)
	go func() { exited <- wait(pid) }()
	var ws syscall.WaitStatus
	for waiting := true; waiting; {
		select {
		case s := <-sigs:
			_ = syscall.Kill(pid, s.(syscall.Signal))
		case ws = <-exited:
			waiting = false
		}
	}
	read := make(chan struct{})
	go func() { readers.Wait(); close(read) }()
	select {
	case <-read:
	case <-time.After(waitDelay):
		for _, f := range ours {
			f.Close()
		}
		<-read
	}
	return ws, nil
}

// forkExec starts the child on a locked thread: Pdeathsig fires when the
// thread that started the child ends, and the thread is unlocked (not
// ended) afterwards; the Go runtime ends a thread only when a goroutine
// exits while locked to it, which none in this binary does.
func forkExec(path string, args []string, attr *syscall.ProcAttr) (int, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return syscall.ForkExec(path, args, attr)
}

// wait reaps the child.
func wait(pid int) syscall.WaitStatus {
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if !errors.Is(err, syscall.EINTR) {
			return ws
		}
	}
}

// stdinPipe is the child's stdin: a pipe already holding b and closed,
// when b fits in the pipe; else a pipe that feed fills.
func stdinPipe(b []byte) (r *os.File, feed func(), err error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	if len(b) <= pipeHolds {
		_, err := w.Write(b)
		w.Close()
		if err != nil {
			r.Close()
			return nil, nil, err
		}
		return r, nil, nil
	}
	return r, func() { _, _ = w.Write(b); w.Close() }, nil
}

// pipeHolds is what a pipe takes without a reader on any Linux (its
// smallest buffer: one page).
const pipeHolds = 4096
