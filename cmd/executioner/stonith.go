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
	"github.com/executioner-ha/executioner/ocf"
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
	reg         *agents.Registry
	stdout, err io.Writer
	terminal    bool // stdin is a terminal: log to stderr, as stonith(8) does
}

// runStonith runs the command line and returns the exit code.
func runStonith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseStonithArgs(args)
	r := &stonithRun{o: o, reg: all.Registry(), stdout: stdout, err: stderr, terminal: isTerminal(stdin)}
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
		for _, t := range glueTypes(r.reg.Devices()) {
			fmt.Fprintln(stdout, t)
		}
		return stOK
	case o.typ == "":
		return r.usage("Must specify device type (-t option)")
	}
	d, ok := lookupDevice(r.reg, o.typ)
	if !ok {
		r.logf("ERROR", "Invalid device type: '%s'", o.typ)
		return stOops
	}
	return r.device(ctx, d, nv, rest)
}

// device answers -n and -m, or configures the device and runs -S, -l and
// the reset, count times.
func (r *stonithRun) device(ctx context.Context, d *stonithDevice, nv, rest []string) int {
	o := r.o
	given := o.file != "" || o.params != "" || o.env || len(nv) > 0
	if !o.names && !o.meta && !given && len(d.confignames()) > 0 {
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
		if err := d.writeMeta(r.stdout); err != nil {
			return stOops
		}
		return stOK
	}
	cfg, code := r.config(ctx, d, nv)
	if code != stOK {
		return code
	}
	params, hosts, err := d.agentConfig(cfg)
	if err != nil {
		fmt.Fprintf(r.err, "Invalid config info for %s device: %v\n", d.typ, err)
		return stBadConfig
	}
	dev := &configured{stonithDevice: d, params: params, hosts: hosts}
	for i := 0; i < o.count; i++ {
		code = stOK
		if o.status {
			code = r.status(ctx, dev)
		}
		if o.hosts {
			if c := r.list(ctx, dev); c != stOK {
				code = c
			}
		}
		if len(rest) == 1 {
			code = r.reset(ctx, dev, strings.ToLower(rest[0]))
		}
	}
	return code
}

// configured is a device with the parameters for its agent.
type configured struct {
	*stonithDevice
	params map[string]string
	hosts  string // the host list stonith keeps for an alias; "" asks the agent
}

// config builds and checks the configuration.
func (r *stonithRun) config(ctx context.Context, d *stonithDevice, nv []string) (map[string]string, int) {
	var cfg map[string]string
	var err error
	switch o := r.o; {
	case o.file != "":
		if cfg, err = d.fromFile(ctx, o.file); err != nil {
			r.logf("ERROR", "Invalid config file for %s device.", d.typ)
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

// exec runs the agent in-process. Its diagnostics are stonith(8)'s plugin
// log: on stderr when stdin is a terminal (and not -s) or with -d, else
// dropped, as stonith(8) sends them to syslog then.
func (r *stonithRun) exec(ctx context.Context, d *configured, action ocf.Action, node string) (string, error) {
	host, err := os.Hostname()
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	stderr := io.Discard
	if (r.terminal && !r.o.silent) || r.o.debug > 0 {
		stderr = r.err
	}
	r.logf("debug", "%s %s %s", d.name, action, node)
	err = agents.Execute(ctx, d.agent, agents.Invocation{Name: d.name, Stdin: strings.NewReader(d.stdin(d.params, action, node, r.o.debug)),
		Stdout: &out, Stderr: stderr, Hostname: host})
	return out.String(), err
}

// logf is stonith(8)'s log: "severity: message" on stderr when stdin is a
// terminal or with -d; debug messages only with -d; nothing otherwise
// (stonith(8) logs to syslog then).
func (r *stonithRun) logf(severity, format string, args ...any) {
	if severity == "debug" && r.o.debug == 0 {
		return
	}
	if r.terminal || r.o.debug > 0 {
		fmt.Fprintf(r.err, severity+": "+format+"\n", args...)
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
