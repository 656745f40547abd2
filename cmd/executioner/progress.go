package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"
)

// progress shows, on one line of the terminal on standard error, what a
// command that can take seconds is doing and for how long it has been at
// it (fencing through a topology with timeouts, writing the live CIB,
// loading a big file). It shows nothing when standard error is not a
// terminal, so scripts and logs never see it.
type progress struct {
	w     io.Writer
	once  sync.Once
	mu    sync.Mutex
	msg   string
	since time.Time
	stop  chan struct{}
	done  sync.WaitGroup
}

// newProgress returns the command's progress line; it is silent unless
// standard error is a terminal.
func newProgress(cmd *cobra.Command) *progress {
	f, ok := cmd.ErrOrStderr().(*os.File)
	if !ok {
		return &progress{}
	}
	if _, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS); err != nil {
		return &progress{}
	}
	return startProgress(f, time.Second)
}

// startProgress shows the line on w, its elapsed time redrawn every tick.
func startProgress(w io.Writer, tick time.Duration) *progress {
	p := &progress{w: w, since: time.Now(), stop: make(chan struct{})}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// set says what the command is doing now.
func (p *progress) set(format string, args ...any) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msg, p.since = fmt.Sprintf(format, args...), time.Now()
	p.draw()
}

func (p *progress) draw() {
	if p.msg == "" {
		return
	}
	fmt.Fprintf(p.w, "\r\033[K%s (%s)", p.msg, time.Since(p.since).Round(time.Second))
}

// end clears the line; the command's own output follows on a clean line.
// end clears the line for good; ending twice is harmless.
func (p *progress) end() {
	if p == nil || p.w == nil {
		return
	}
	p.once.Do(func() {
		close(p.stop)
		p.done.Wait()
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.msg != "" {
			fmt.Fprint(p.w, "\r\033[K")
		}
		p.msg = ""
	})
}

// println prints a line of its own to w, the progress line cleared first
// and drawn again after.
func (p *progress) println(w io.Writer, line string) {
	if p == nil || p.w == nil {
		fmt.Fprintln(w, line)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K")
	fmt.Fprintln(w, line)
	p.draw()
}
