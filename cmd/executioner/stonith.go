package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/agents/all"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"
)

func newStonithCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stonith [-svh] -t TYPE {-p PARAMS | -F FILE | -E | name=value...} [-c count] {-lS | -T reset|on|off NODE}",
		Short: "cluster-glue's stonith(8) command line over executioner's agents",
		Long: "Runs executioner's fence agents with the command line and exit codes of cluster-glue's stonith(8):\n" +
			"-L lists the device types, -t TYPE -n their parameter names, -m their metadata, -h the help;\n" +
			"-l lists the hosts, -S checks the device, -T reset|on|off NODE fences (exit 0 OK, 1 bad\n" +
			"configuration or usage, 2 device not accessible, 3 invalid request, 4 unknown host, 5 fencing\n" +
			"failed, 8 unknown type, 255 hosts not listed).",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			code := runStonith(cmd.Context(), args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
			if code == stOK {
				return nil
			}
			return &exitError{code: code}
		},
	}
}

// stonithRun is one stonith(8) invocation.
type stonithRun struct {
	o           *stonithOpts
	stdout, err io.Writer
	terminal    bool // stdin is a terminal: report progress, as stonith(8) does
}

// runStonith runs the command line and returns the exit code.
func runStonith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseStonithArgs(args)
	r := &stonithRun{o: o, stdout: stdout, err: stderr, terminal: isTerminal(stdin)}
	if err != nil {
		return r.usage(err.Error())
	}
	if o.version {
		fmt.Fprintf(stdout, "stonith: %s\n", agents.Version)
		return stOK
	}
	if o.help {
		return r.help()
	}
	nv, rest := o.split()
	sources := 0
	for _, set := range []bool{o.file != "", o.params != "", o.env} {
		if set {
			sources++
		}
	}
	switch {
	case sources > 1:
		return r.usage("Please use just one of -F, -p, and -E options")
	case len(nv) > 0 && sources > 0:
		return r.usage("Cannot mix name=value and -p, -F, or -E style arguments")
	case len(rest) > 1 || (len(rest) == 0 && !(o.status || o.hosts || o.types || o.names || o.meta)):
		return r.usage("")
	case o.types:
		for _, d := range allDevices() {
			fmt.Fprintln(stdout, d)
		}
		return stOK
	case o.typ == "":
		return r.usage("Must specify device type (-t option)")
	}
	d, ok := lookupDevice(o.typ)
	if !ok {
		fmt.Fprintf(stderr, "Invalid device type: '%s'\n", o.typ)
		return stOops
	}
	return r.device(ctx, d, nv, rest)
}

// device answers -n and -m, or configures the device and runs -S, -l and
// the reset, count times.
func (r *stonithRun) device(ctx context.Context, d *stonithDevice, nv, rest []string) int {
	o := r.o
	configured := o.file != "" || o.params != "" || o.env || len(nv) > 0
	if !o.names && !o.meta && !configured && len(d.confignames()) > 0 {
		return r.usage("Must specify either -p option, -F option, -E option, or name=value style arguments")
	}
	if o.names {
		for _, n := range d.confignames() {
			fmt.Fprintf(r.stdout, "%s  ", n)
		}
		fmt.Fprintln(r.stdout)
		return stOK
	}
	if o.meta {
		if err := d.md.WriteXML(r.stdout); err != nil {
			return stOops
		}
		return stOK
	}
	cfg, code := r.config(ctx, d, nv)
	if code != stOK {
		return code
	}
	for i := 0; i < o.count; i++ {
		code = stOK
		if o.status {
			code = r.status(ctx, d, cfg)
		}
		if o.hosts {
			if c := r.list(ctx, d, cfg); c != stOK {
				code = c
			}
		}
		if len(rest) == 1 {
			code = r.reset(ctx, d, cfg, strings.ToLower(rest[0]))
		}
	}
	return code
}

// config builds and checks the configuration.
func (r *stonithRun) config(ctx context.Context, d *stonithDevice, nv []string) (map[string]string, int) {
	var cfg map[string]string
	var err error
	switch o := r.o; {
	case o.file != "":
		if cfg, err = d.fromFile(ctx, o.file); err != nil {
			fmt.Fprintf(r.err, "Invalid config file for %s device: %v\n", d.typ, err)
			return nil, stBadConfig
		}
	case o.params != "":
		if cfg, err = d.fromString(o.params); err != nil {
			fmt.Fprintf(r.err, "Invalid STONITH -p parameter [%s]: %v\n", o.params, err)
			return nil, stBadConfig
		}
	case o.env:
		cfg = d.fromEnv()
	default:
		cfg = fromPairs(nv)
	}
	if code := d.check(cfg); code != stOK {
		d.writeInvalid(r.err)
		return nil, code
	}
	return cfg, stOK
}

// lookupDevice finds the agent for a -t value.
func lookupDevice(typ string) (*stonithDevice, bool) {
	a, dev, ok := all.Registry().Lookup(typ)
	if !ok {
		return nil, false
	}
	name := agents.Prefix + dev
	return &stonithDevice{typ: typ, name: name, agent: a, md: a.Metadata(name)}, true
}

// exec runs the agent in-process; its diagnostics go to stderr unless
// silent.
func (r *stonithRun) exec(ctx context.Context, d *stonithDevice, stdin string) (string, error) {
	host, err := os.Hostname()
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	stderr := r.err
	if r.o.silent {
		stderr = io.Discard
	}
	err = agents.Execute(ctx, d.agent, agents.Invocation{Name: d.name, Stdin: strings.NewReader(stdin),
		Stdout: &out, Stderr: stderr, Hostname: host})
	return out.String(), err
}

// info reports progress on a terminal, as stonith(8) does.
func (r *stonithRun) info(format string, args ...any) {
	if r.terminal && !r.o.silent {
		fmt.Fprintf(r.err, "info: "+format+"\n", args...)
	}
}

// isTerminal reports whether in is a terminal.
func isTerminal(in io.Reader) bool {
	f, ok := in.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// errNoList is the error of -l for an agent without a list action.
var errNoList = errors.New("no list action")

// allDevices returns the registered device names.
func allDevices() []string { return all.Registry().Devices() }
