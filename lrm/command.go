package lrm

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Defaults applied to a Command whose corresponding field is zero.
const (
	// DefaultGrace is the time between SIGTERM and SIGKILL when an agent's
	// process group is terminated.
	DefaultGrace = 2 * time.Second
	// DefaultOutputCap is the number of bytes kept of each of stdout and
	// stderr; the rest is read and discarded.
	DefaultOutputCap = 64 << 10
	// DefaultPath is the PATH given to an agent whose environment has none.
	DefaultPath = "/usr/sbin:/usr/bin:/sbin:/bin"
)

// outputDrain bounds how long output is still read after the agent's
// process group is gone, for pipes held open by a process that left the
// group (setsid) or that the caller chose to keep (KeepChildren).
const outputDrain = 200 * time.Millisecond

// ErrNotInstalled reports that an agent's executable does not exist or is
// not executable (Pacemaker's PCMK_EXEC_NOT_INSTALLED).
var ErrNotInstalled = errors.New("agent not installed")

// Command describes one execution of an external agent. Everything the
// agent sees comes from here: nothing is inherited from the calling process
// except its credentials.
type Command struct {
	// Path is the absolute path of the agent executable; it is never looked
	// up in PATH.
	Path string
	// Args are the arguments after argv[0] (for OCF agents, the action).
	Args []string
	// Env is the agent's complete environment as KEY=VALUE strings. PATH is
	// set to DefaultPath when Env has none.
	Env []string
	// Stdin is written to the agent's standard input, which is then closed.
	// When nil, standard input is /dev/null.
	Stdin []byte
	// Dir is the working directory; "" means "/".
	Dir string
	// Timeout bounds the run; zero means only the context bounds it. When it
	// expires the whole process group is terminated.
	Timeout time.Duration
	// Grace is the time between SIGTERM and SIGKILL; zero means DefaultGrace.
	Grace time.Duration
	// OutputCap is the number of bytes kept of each output stream; zero
	// means DefaultOutputCap.
	OutputCap int
	// KeepChildren leaves processes that the agent left in its process group
	// running after it exits by itself (a resource agent that backgrounds its
	// daemon without detaching it). By default they are terminated like the
	// group of an agent that timed out.
	KeepChildren bool
}

// String names the command for logs and errors: the path and arguments,
// never the environment or standard input, which may hold secrets.
func (c *Command) String() string {
	if len(c.Args) == 0 {
		return c.Path
	}
	return c.Path + " " + strings.Join(c.Args, " ")
}

// validate checks the fields that would make the run meaningless or unsafe.
func (c *Command) validate() error {
	if c.Path == "" || !filepath.IsAbs(c.Path) {
		return fmt.Errorf("agent path %q: not absolute", c.Path)
	}
	if c.Timeout < 0 || c.Grace < 0 || c.OutputCap < 0 {
		return fmt.Errorf("agent %s: negative timeout, grace or output cap", c.Path)
	}
	if c.Dir != "" {
		// Checked here: a chdir failing in the child reads like a missing
		// executable.
		if st, err := os.Stat(c.Dir); err != nil || !st.IsDir() {
			return fmt.Errorf("agent %s: working directory %s: not a directory", c.Path, c.Dir)
		}
	}
	for i, kv := range c.Env {
		k, _, ok := strings.Cut(kv, "=")
		if !ok || k == "" || strings.ContainsRune(kv, 0) {
			return fmt.Errorf("agent %s: environment entry %d: not KEY=VALUE", c.Path, i)
		}
	}
	for i, a := range c.Args {
		if strings.ContainsRune(a, 0) {
			return fmt.Errorf("agent %s: argument %d: contains NUL", c.Path, i)
		}
	}
	return nil
}

// environ returns the environment passed to the agent.
func (c *Command) environ() []string {
	env := make([]string, 0, len(c.Env)+1)
	hasPath := false
	for _, kv := range c.Env {
		if strings.HasPrefix(kv, "PATH=") {
			hasPath = true
		}
		env = append(env, kv)
	}
	if !hasPath {
		env = append(env, "PATH="+DefaultPath)
	}
	return env
}

func (c *Command) grace() time.Duration {
	if c.Grace == 0 {
		return DefaultGrace
	}
	return c.Grace
}

func (c *Command) outputCap() int {
	if c.OutputCap == 0 {
		return DefaultOutputCap
	}
	return c.OutputCap
}

func (c *Command) dir() string {
	if c.Dir == "" {
		return "/"
	}
	return c.Dir
}
