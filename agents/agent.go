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

// Call is one run of an agent.
type Call struct {
	Name     string      // the name it runs under, e.g. fence_exec_dummy_no_reboot
	Action   ocf.Action  // what to do
	Params   *ocf.Params // checked parameters
	Stdout   io.Writer   // result lines only (list output, "Status: ON", ...)
	Stderr   io.Writer   // diagnostics; use Logf and Debugf
	Hostname string      // the local host's name
}

// Target returns the target of the action (plug, else nodename).
func (c *Call) Target() string { return c.Params.Target() }

// Logf writes one diagnostic line to stderr unless quiet is set.
func (c *Call) Logf(format string, args ...any) {
	if c.Stderr == nil || c.Params.Bool("quiet") {
		return
	}
	fmt.Fprintf(c.Stderr, format+"\n", args...)
}

// Debugf writes one diagnostic line when verbose is set.
func (c *Call) Debugf(format string, args ...any) {
	if c.Params.Verbose() > 0 {
		c.Logf("debug: "+format, args...)
	}
}

// Printf writes a result line to stdout.
func (c *Call) Printf(format string, args ...any) {
	fmt.Fprintf(c.Stdout, format+"\n", args...)
}

// ErrUnknownHost is wrapped by an agent's error when the target is not a
// host its device controls (not in its host list), so that front ends can
// tell it from a failed fencing (stonith(8) exits 4, S_BADHOST).
var ErrUnknownHost = errors.New("unknown host")
