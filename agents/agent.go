package agents

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/executioner-ha/executioner/ocf"
)

// Prefix is the name every executioner agent is installed under, followed
// by its device name (fence_exec_ipmi) and an optional variant suffix
// (fence_exec_dummy_no_reboot).
const Prefix = "fence_exec_"

// Agent is one fence agent.
type Agent interface {
	// Metadata describes the agent as run under name (the executable's
	// base name, which may select a variant). Its Params are exactly what
	// the agent accepts.
	Metadata(name string) *ocf.Metadata
	// Run carries out c.Action, which Execute has checked is advertised
	// and is not metadata, manpage, help or version. A nil error is
	// success (exit 0); an *ocf.Error carries another exit code (status of
	// a powered-off target returns &ocf.Error{Code: ocf.ExitOff}); any
	// other error is a failure (exit 1). Run writes result lines to
	// c.Stdout and diagnostics through c.Logf, and must return when ctx is
	// done.
	Run(ctx context.Context, c *Call) error
}

// SelfFencer is implemented by agents that may fence the host they run on
// (null, which touches nothing, and suicide-class agents). Execute refuses
// off and reboot of the local host for every other agent.
type SelfFencer interface {
	FencesSelf() bool
}

// Validator is implemented by agents that check their parameters before
// they touch the device. Execute calls Validate before it waits the delay
// (so a run that cannot work fails at once) and, for validate-all, instead
// of Run. Validate does no I/O: it runs in the agent binary's supervising
// process.
type Validator interface {
	Validate(c *Call) error
}

// Call is one run of an agent.
type Call struct {
	Name     string      // the name it runs under, e.g. fence_exec_dummy_no_reboot
	Action   ocf.Action  // what to do
	Params   *ocf.Params // checked parameters
	Stdout   io.Writer   // result lines only (list output, "Status: ON", ...)
	Stderr   io.Writer   // diagnostics; use Logf, Warnf and Debugf
	Hostname string      // the local host's name
	log      *runLog
}

// Target returns the target of the action (plug, else nodename).
func (c *Call) Target() string { return c.Params.Target() }

// Logf writes one diagnostic line to stderr unless quiet is set, and to the
// debug file.
func (c *Call) Logf(format string, args ...any) { c.logger().infof(format, args...) }

// Warnf writes one warning ("WARNING: ...") like Logf.
func (c *Call) Warnf(format string, args ...any) { c.logger().warnf(format, args...) }

// Debugf writes one diagnostic line when verbose is set (-v, verbose=1):
// what the agent does step by step, as fence-agents logs the commands it
// runs.
func (c *Call) Debugf(format string, args ...any) { c.logger().debugf(1, format, args...) }

// Tracef writes one diagnostic line from verbose_level 2 (-vv) on: the
// protocol's detail below the steps Debugf logs.
func (c *Call) Tracef(format string, args ...any) { c.logger().debugf(2, format, args...) }

// Verbose returns the run's verbosity (0 without -v).
func (c *Call) Verbose() int { return c.logger().verbose }

// logger returns the run's log; a Call built outside Execute logs to its
// Stderr.
func (c *Call) logger() *runLog {
	if c.log == nil {
		c.log = newRunLog(c.Stderr, c.Params)
	}
	return c.log
}

// Printf writes a result line to stdout.
func (c *Call) Printf(format string, args ...any) {
	fmt.Fprintf(c.Stdout, format+"\n", args...)
}

// ErrUnknownHost is wrapped by an agent's error when the target is not a
// host its device controls (not in its host list), so that front ends can
// tell it from a failed fencing (stonith(8) exits 4, S_BADHOST).
var ErrUnknownHost = errors.New("unknown host")
