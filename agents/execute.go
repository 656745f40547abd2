package agents

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/executioner-ha/executioner/ocf"
)

// Version is printed by --version.
const Version = "executioner 0.1"

// Invocation is what an agent process is given.
type Invocation struct {
	Name     string    // base name it was run as
	Args     []string  // command-line arguments after the name
	Stdin    io.Reader // parameters when Args is empty
	Stdout   io.Writer
	Stderr   io.Writer
	Hostname string // the local host's name, for the self-fencing rule
}

// Execute runs agent a for one invocation (see the package documentation
// for what it does around Agent.Run). A failure is an *OpError, already
// reported on inv.Stderr; the exit code is ocf.CodeOf of the returned
// error.
func Execute(ctx context.Context, a Agent, inv Invocation) error {
	if inv.Stdout == nil {
		inv.Stdout = io.Discard
	}
	if inv.Stderr == nil {
		inv.Stderr = io.Discard
	}
	md := a.Metadata(inv.Name)
	p, err := ocf.Parse(md.Params, inv.Args, inv.Stdin)
	if err != nil {
		return &OpError{Agent: inv.Name, Err: report(inv.Stderr, false, err)}
	}
	quiet := p.Bool("quiet")
	if !quiet {
		for _, w := range p.Warnings() {
			fmt.Fprintf(inv.Stderr, "WARNING: %s\n", w)
		}
		if p.Has("debug_file") {
			fmt.Fprintln(inv.Stderr, "WARNING: debug_file is not supported: diagnostics go to stderr only")
		}
	}
	if p.Bool("help") {
		return usage(inv.Stdout, md)
	}
	if p.Bool("version") {
		_, err := fmt.Fprintln(inv.Stdout, Version)
		return err
	}
	c := &Call{Name: inv.Name, Params: p, Stdout: inv.Stdout, Stderr: inv.Stderr, Hostname: inv.Hostname}
	if err := report(inv.Stderr, quiet, dispatch(ctx, a, md, c)); err != nil {
		return &OpError{Agent: inv.Name, Action: c.Action, Target: p.Target(), Err: err}
	}
	return nil
}

// dispatch checks the action and runs it.
func dispatch(ctx context.Context, a Agent, md *ocf.Metadata, c *Call) error {
	action, err := c.Params.Action()
	if err != nil {
		return err
	}
	c.Action = action
	if !md.Has(action) {
		return ocf.Errorf(ocf.ExitFailure, "unrecognised action %q", string(action))
	}
	switch action {
	case ocf.ActionMetadata, ocf.ActionManpage:
		return md.WriteXML(c.Stdout)
	}
	if action.Fences() {
		if sf, ok := a.(SelfFencer); !ok || !sf.FencesSelf() {
			for _, t := range []string{c.Params.Get(ocf.KeyNodename), c.Params.Get(ocf.KeyPlug)} {
				if IsLocalHost(t, c.Hostname) {
					return ocf.Errorf(ocf.ExitFailure, "refusing to %s %q: it is the host this agent runs on", action, t)
				}
			}
		}
		if err := Sleep(ctx, c.Params.Duration("delay")); err != nil {
			return err
		}
	}
	return a.Run(ctx, c)
}

// report prints a failure the way fence-agents does and passes it on.
func report(stderr io.Writer, quiet bool, err error) error {
	if err == nil || quiet {
		return err
	}
	var e *ocf.Error
	if errors.As(err, &e) && e.Err == nil {
		return err
	}
	fmt.Fprintf(stderr, "Failed: %v\n", err)
	return err
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
