package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/executioner-ha/executioner/internal/boundedread"

	"github.com/executioner-ha/executioner/agents"
	"github.com/executioner-ha/executioner/ocf"
)

// stonithDevice is an executioner agent as stonith(8) sees a plugin.
type stonithDevice struct {
	typ   string // the -t value
	name  string // the agent's installed name, fence_exec_<device>
	agent agents.Agent
	md    *ocf.Metadata
}

// confignames returns the agent's own parameters (not the common, login
// timing or target ones): the required ones first, then the others.
func (d *stonithDevice) confignames() []string {
	skip := map[string]bool{}
	for _, p := range append(ocf.Common(), ocf.Plug("")...) {
		skip[p.Name] = true
	}
	var req, opt []string
	for _, p := range d.md.Params {
		switch {
		case skip[p.Name]:
		case p.Required:
			req = append(req, p.Name)
		default:
			opt = append(opt, p.Name)
		}
	}
	return append(req, opt...)
}

// positional returns the names -p and -F fill in order: the required
// confignames, or all of them when none is required.
func (d *stonithDevice) positional() []string {
	var req []string
	for _, n := range d.confignames() {
		if p, _ := d.md.Param(n); p.Required {
			req = append(req, n)
		}
	}
	if len(req) == 0 {
		return d.confignames()
	}
	return req
}

// fromString assigns the words of a -p value to the positional names in
// order, the last name taking the rest (so a one-name device takes the
// whole string). Too few words is an error.
func (d *stonithDevice) fromString(s string) (map[string]string, error) {
	names := d.positional()
	words := strings.Fields(s)
	cfg := map[string]string{}
	if len(names) == 0 {
		return cfg, nil
	}
	if len(words) < len(names) {
		return nil, fmt.Errorf("%d values for %d parameters (%s)", len(words), len(names), strings.Join(names, " "))
	}
	for i, n := range names[:len(names)-1] {
		cfg[n] = words[i]
	}
	cfg[names[len(names)-1]] = strings.Join(words[len(names)-1:], " ")
	return cfg, nil
}

// fromFile reads a -F file: the -p syntax, '#' lines are comments.
func (d *stonithDevice) fromFile(ctx context.Context, path string) (map[string]string, error) {
	data, err := boundedread.File(ctx, path, boundedread.Limit(ctx))
	if err != nil {
		return nil, err
	}
	var keep []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			keep = append(keep, l)
		}
	}
	return d.fromString(strings.Join(keep, " "))
}

// fromEnv takes each configname from the environment variable so named.
func (d *stonithDevice) fromEnv() map[string]string {
	cfg := map[string]string{}
	for _, n := range d.confignames() {
		if v, ok := os.LookupEnv(n); ok {
			cfg[n] = v
		}
	}
	return cfg
}

// fromPairs reads name=value operands.
func fromPairs(nv []string) map[string]string {
	cfg := map[string]string{}
	for _, a := range nv {
		k, v, _ := strings.Cut(a, "=")
		cfg[k] = v
	}
	return cfg
}

// check validates a configuration: unknown names are S_INVAL, a missing
// or empty required name or a value with a line break S_BADCONFIG. It
// returns the exit code, 0 when valid.
func (d *stonithDevice) check(cfg map[string]string) int {
	names := d.confignames()
	code := stOK
	for k, v := range cfg {
		switch {
		case !slices.Contains(names, k):
			code = stInval
		case strings.ContainsAny(v, "\r\n") && code == stOK:
			code = stBadConfig
		}
	}
	for _, n := range names {
		if p, _ := d.md.Param(n); p.Required && strings.TrimSpace(cfg[n]) == "" && code == stOK {
			code = stBadConfig
		}
	}
	return code
}

// writeInvalid prints stonith(8)'s complaint about a configuration.
func (d *stonithDevice) writeInvalid(w io.Writer) {
	fmt.Fprintf(w, "Invalid config info for %s device\nValid config names are:\n", d.typ)
	for _, n := range d.confignames() {
		fmt.Fprintf(w, "\t%s\n", n)
	}
}

// writeHelp prints the device's part of -h.
func (d *stonithDevice) writeHelp(w io.Writer) {
	fmt.Fprintf(w, "\n\nSTONITH Device: %s - %s\n%s\n", d.typ, d.md.ShortDesc, d.md.LongDesc)
	if d.md.VendorURL != "" {
		fmt.Fprintf(w, "For more information see %s\n", d.md.VendorURL)
	}
	fmt.Fprintf(w, "List of valid parameter names for %s STONITH device:\n", d.typ)
	for _, n := range d.confignames() {
		fmt.Fprintf(w, "\t%s\n", n)
	}
	fmt.Fprintf(w, "For Config info [-p] syntax, give each of the above required parameters (%s) in order as\n"+
		"the -p value.\nArguments are separated by white space.\n"+
		"Config file [-F] syntax is the same as -p, except # at the start of a line\ndenotes a comment\n",
		strings.Join(d.positional(), " "))
}

// stdin renders the configuration, action and node as an agent's stdin.
func (d *stonithDevice) stdin(cfg map[string]string, action ocf.Action, node string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "action=%s\n", action)
	for _, k := range d.confignames() {
		if v, ok := cfg[k]; ok {
			fmt.Fprintf(&b, "%s=%s\n", k, v)
		}
	}
	if node != "" {
		fmt.Fprintf(&b, "plug=%s\nnodename=%s\n", node, node)
	}
	return b.String()
}
