package agents

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/ocf"
)

// Invocation is what an agent process is given.
type Invocation struct {
	Name     string    // base name it was run as
	Args     []string  // command-line arguments after the name
	Stdin    io.Reader // parameters when Args is empty
	Stdout   io.Writer
	Stderr   io.Writer
	Hostname string // the local host's name, for the self-fencing rule
	// OnSecret, when set, is told every secret the run derives from its
	// parameters (a password_script's output), so that a supervisor can
	// redact a crash report it reads from outside.
	OnSecret func(ocf.Secret)
}

// Execute runs agent a for one invocation (see the package documentation
// for what it does around Agent.Run). A failure is an *OpError, already
// reported on inv.Stderr; the exit code is ocf.CodeOf of the returned
// error. A panic in the calling goroutine is reported as an internal
// error (exit 1) with its stack, secrets redacted.
func Execute(ctx context.Context, a Agent, inv Invocation) (err error) {
	if inv.Stdout == nil {
		inv.Stdout = io.Discard
	}
	c := &Call{Name: inv.Name, Stdout: inv.Stdout, Stderr: inv.Stderr, Hostname: inv.Hostname, log: newRunLog(inv.Stderr, nil)}
	defer func() {
		if r := recover(); r != nil {
			err = &OpError{Agent: inv.Name, Action: c.Action, Target: c.target(),
				Err: c.log.crash(fmt.Sprintf("panic: %v\n\n%s", r, debug.Stack()))}
		}
		c.log.close()
	}()
	md := a.Metadata(inv.Name)
	p, err := ocf.Parse(md.Params, inv.Args, inv.Stdin)
	if err != nil {
		c.log.failed(err)
		return &OpError{Agent: inv.Name, Err: err}
	}
	if inv.OnSecret != nil {
		p.OnSecret(inv.OnSecret)
	}
	c.Params, c.log = p, newRunLog(inv.Stderr, p)
	if err := dispatch(ctx, a, md, c); err != nil {
		if e := (*ocf.Error)(nil); !errors.As(err, &e) || e.Err != nil {
			c.log.failed(err)
		}
		return &OpError{Agent: inv.Name, Action: c.Action, Target: p.Target(), Err: err}
	}
	return nil
}

// target is the run's target, "" before the parameters are read.
func (c *Call) target() string {
	if c.Params == nil {
		return ""
	}
	return c.Params.Target()
}

// Crashed reports a crash of a run of a that a supervisor saw from outside
// (the report is the crash's text: a Go panic, or how the process ended)
// the way Execute reports one: "Failed: internal error: ..." on stderr
// (unless quiet) and the whole report in the debug file, secrets redacted.
// p holds the run's parameters; it returns the run's error (exit 1).
func Crashed(a Agent, inv Invocation, p *ocf.Params, report string) error {
	log := newRunLog(inv.Stderr, p)
	defer log.close()
	if p != nil && p.Get("debug_file") != "" {
		_ = log.openFile() // the crash goes to stderr in any case
	}
	var action ocf.Action
	target := ""
	if p != nil {
		action, _ = p.Action()
		target = p.Target()
	}
	return &OpError{Agent: inv.Name, Action: action, Target: target, Err: log.crash(report)}
}

// Supervised parses an invocation as Execute does and reports whether its
// run reaches Agent.Run (the device, its libraries and their goroutines):
// every action but metadata and manpage, unless the parameters are
// refused first, and validate-all unless the agent is a Validator. The
// agent binary runs a supervised invocation in a child process, so that a
// crash anywhere is reported as a failure and never read as a result. p is
// nil when the parameters do not parse.
func Supervised(a Agent, inv Invocation) (bool, *ocf.Params) {
	md := a.Metadata(inv.Name)
	p, err := ocf.Parse(md.Params, inv.Args, inv.Stdin)
	if err != nil {
		return false, nil
	}
	c := &Call{Name: inv.Name, Params: p}
	runs, err := check(a, md, c)
	return err == nil && runs, p
}

// check answers what Execute does before the agent runs: help and version,
// the action (known, accepted by the agent), refused and ignored
// parameters, the target, and the agent's own validation. It reports
// whether the run goes on to Agent.Run.
func check(a Agent, md *ocf.Metadata, c *Call) (bool, error) {
	p := c.Params
	if p.Bool("help") || p.Bool("version") {
		return false, nil
	}
	action, err := md.ParseAction(p.Get(ocf.KeyAction))
	if err != nil {
		return false, err
	}
	c.Action = action
	if spec, ok := md.Action(action); ok && spec.Unsupported != "" {
		return false, ocf.Errorf(ocf.ExitFailure, "action %s: not supported by this agent: %s", action, spec.Unsupported)
	}
	if !md.Accepts(action) {
		return false, ocf.Errorf(ocf.ExitFailure, "unrecognised action %q", string(action))
	}
	if action == ocf.ActionMetadata || action == ocf.ActionManpage {
		return false, nil
	}
	for _, d := range md.Params {
		if d.Unsupported != "" && d.Refuse && p.Has(d.Name) && d.IsSet(p.Get(d.Name)) {
			return false, ocf.Errorf(ocf.ExitFailure, "parameter %s: not supported by this agent: %s", d.Name, d.Unsupported)
		}
	}
	if sep := p.Get("plug_separator"); sep != "" && !md.MultiPlug && strings.Contains(p.Get(ocf.KeyPlug), sep) {
		return false, ocf.Errorf(ocf.ExitFailure, "plug %q names several plugs (plug_separator %q): this agent acts on one plug only", p.Get(ocf.KeyPlug), sep)
	}
	if action.NeedsTarget() && p.Target() == "" && !md.TargetOptional {
		if _, plug := md.Param(ocf.KeyPlug); !plug {
			return false, ocf.Errorf(ocf.ExitFailure, "parameter nodename: required for %s (the node to fence)", action)
		}
		return false, ocf.Errorf(ocf.ExitFailure, "%s: no target: give plug (port) or nodename", action)
	}
	if v, ok := a.(Validator); ok {
		if err := v.Validate(c); err != nil {
			return false, ocf.Fail(err)
		}
		if action == ocf.ActionValidateAll {
			return false, nil
		}
	}
	return true, nil
}

// dispatch answers help, version, metadata and manpage, checks the run,
// refuses to fence the local host, waits the delay and runs the agent.
func dispatch(ctx context.Context, a Agent, md *ocf.Metadata, c *Call) error {
	p := c.Params
	if !p.Bool("help") && !p.Bool("version") {
		if act, err := md.ParseAction(p.Get(ocf.KeyAction)); err == nil && act != ocf.ActionMetadata && act != ocf.ActionManpage {
			if err := c.log.openFile(); err != nil {
				return err
			}
		}
	}
	for _, w := range p.Warnings() {
		c.log.warnf("%s", w)
	}
	runs, err := check(a, md, c)
	switch {
	case err != nil:
		return err
	case p.Bool("help"):
		return usage(c.Stdout, md)
	case p.Bool("version"):
		_, err := fmt.Fprintln(c.Stdout, Version)
		return err
	case c.Action == ocf.ActionMetadata || c.Action == ocf.ActionManpage:
		return md.WriteXML(c.Stdout)
	case !runs:
		return nil
	}
	for _, d := range md.Params {
		if d.Unsupported != "" && !d.Refuse && p.Has(d.Name) && d.IsSet(p.Get(d.Name)) {
			c.Warnf("parameter %s ignored: %s", d.Name, d.Unsupported)
		}
	}
	c.log.debugf(1, "%s %s: parameters %s", c.Name, c.Action, strings.ReplaceAll(strings.TrimSpace(p.Dump()), "\n", " "))
	if c.Action.Fences() {
		if sf, ok := a.(SelfFencer); !ok || !sf.FencesSelf() {
			for _, t := range []string{p.Get(ocf.KeyNodename), p.Get(ocf.KeyPlug)} {
				if IsLocalHost(t, c.Hostname) {
					return ocf.Errorf(ocf.ExitFailure, "refusing to %s %q: it is the host this agent runs on", c.Action, t)
				}
			}
		}
		if d := p.Duration("delay"); d > 0 {
			c.Debugf("delay %v before fencing", d)
			if err := Sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	return a.Run(ctx, c)
}

// IsLocalHost reports whether target names the host called hostname: the
// same name, the same short name (up to the first dot), or "localhost",
// compared case-insensitively.
func IsLocalHost(target, hostname string) bool {
	if target == "" {
		return false
	}
	t := strings.ToLower(target)
	if t == "localhost" || t == "localhost.localdomain" {
		return true
	}
	h := strings.ToLower(hostname)
	if h == "" {
		return false
	}
	short := func(s string) string { n, _, _ := strings.Cut(s, "."); return n }
	return t == h || short(t) == short(h)
}

// Sleep waits d or until ctx is done (then it fails with the context's error).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ocf.Fail(fmt.Errorf("interrupted: %w", ctx.Err()))
	}
}

// usage prints what the agent is (its short description) and the options
// it accepts.
func usage(w io.Writer, md *ocf.Metadata) error {
	if md.ShortDesc != "" {
		fmt.Fprintf(w, "%s: %s\n", md.Name, md.ShortDesc)
	}
	fmt.Fprintf(w, "Usage:\n\t%s [options]\n\t%s < key=value lines on stdin\nOptions:\n", md.Name, md.Name)
	for _, p := range md.Params {
		opt := "--" + strings.ReplaceAll(p.Name, "_", "-")
		if p.Short != "" {
			opt = "-" + p.Short + ", " + opt
		}
		fmt.Fprintf(w, "   %-32s %s\n", opt, p.Desc)
	}
	_, err := fmt.Fprintln(w)
	return err
}
